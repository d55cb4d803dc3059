package io.github.phasedmigration.core.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.VerifyDifference.Kind;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.core.backfill.verify.Repairer;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.testing.LogCapture;
import io.github.phasedmigration.core.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/** Verify: the merge of both sides, the re-check, journal keys, samples; and repair in each mode. */
class VerifyTest {

	private static final String M = "customer-source";

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** Chunks of 10, re-checked at once, 20 samples of each kind. */
	private static final VerifyOptions VERIFY = new VerifyOptions(false, false, 10, Duration.ZERO, 20);

	private static final VerifyOptions REPAIR = new VerifyOptions(true, false, 10, Duration.ZERO, 20);

	private static final VerifyOptions REPAIR_AND_DELETE = new VerifyOptions(true, true, 10, Duration.ZERO, 20);

	private static final ThreadFactory THREADS = (task) -> {
		Thread thread = new Thread(task, "verify-test");
		thread.setDaemon(true);
		return thread;
	};

	private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS,
			new MigrationListener() {
			}, this.clock);

	private final InMemoryWriteJournal journal = new InMemoryWriteJournal();

	private final MemoryStore old = MemoryStore.of(1, 30);

	private final MemoryStore neu = MemoryStore.copyOf(this.old);

	private final BackfillsTest.RecordingListener listener = new BackfillsTest.RecordingListener();

	private final Backfills backfills;

	VerifyTest() {
		this.registry.register(M, MigrationMode.SHADOW,
				new MigrationSettings(Duration.ofSeconds(1), true, false, false, false, new DeepEqualsComparator()));
		this.backfills = backfills(Backfill.<Long, Item>of(M, Long.class).from((BackfillStore<Long, Item>) this.old)
			.to(this.neu)
			.build());
	}

	@AfterEach
	void close() {
		this.backfills.close();
	}

	@Test
	void findsExactlyThePlantedDifferences() throws InterruptedException {
		this.neu.records.remove(7L);
		this.neu.put(0, "only in new");
		this.neu.put(31, "only in new too");
		this.neu.put(15, "changed");

		VerifyReport started = this.backfills.verify(M, VERIFY);

		assertThat(started.state()).isEqualTo(VerifyState.RUNNING);
		assertThat(started.finishedAt()).isNull();
		VerifyReport report = finished();
		assertThat(report.state()).isEqualTo(VerifyState.COMPLETED);
		assertThat(report.rowsCompared()).as("keys 0 to 31").isEqualTo(32);
		assertThat(report.onlyInOld()).isEqualTo(1);
		assertThat(report.onlyInNew()).isEqualTo(2);
		assertThat(report.differing()).isEqualTo(1);
		assertThat(report.pendingInJournal()).isZero();
		assertThat(report.repaired()).isZero();
		assertThat(report.deleted()).isZero();
		assertThat(report.error()).isNull();
		assertThat(report.mode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(report.startedAt()).isEqualTo(this.clock.instant());
		assertThat(report.finishedAt()).isEqualTo(this.clock.instant());
		assertThat(report.samples()).containsExactly(
				new VerifyDifference(Kind.ONLY_IN_OLD, "7", List.of("only in old: Item[id=7, name=item 7]")),
				new VerifyDifference(Kind.ONLY_IN_NEW, "0", List.of("only in new: Item[id=0, name=only in new]")),
				new VerifyDifference(Kind.ONLY_IN_NEW, "31", List.of("only in new: Item[id=31, name=only in new too]")),
				new VerifyDifference(Kind.DIFFERENT, "15", List.of(".name: item 15 != changed")));
		assertThat(this.listener.reports).containsExactly(report);
		assertThat(this.neu.upserts).isEmpty();
		assertThat(this.neu.deletes).isEmpty();
	}

	@Test
	void aDifferenceThatAWriteInFlightFixesBeforeTheRecheckIsNotReported() throws InterruptedException {
		this.neu.put(15, "written to old, not yet to new");
		this.neu.put(25, "stale");
		AtomicBoolean fixed = new AtomicBoolean();
		this.neu.atRead(15, 2, () -> {
			this.neu.put(15, "item 15");
			fixed.set(true);
		});

		this.backfills.verify(M, VERIFY);

		VerifyReport report = finished();
		assertThat(fixed).as("the re-check read new again").isTrue();
		assertThat(report.differing()).isEqualTo(1);
		assertThat(report.samples()).extracting(VerifyDifference::key).containsExactly("25");
	}

	@Test
	void keysWithEntriesInTheJournalAreCountedApart() throws InterruptedException {
		this.neu.records.remove(7L);
		this.neu.put(15, "changed");
		this.journal.append(new NewJournalEntry(this.clock.instant(), M, Impl.NEW, "Customers#save(Customer)", "15",
				"[]", new Object[0], JournalCause.FAILED, "new store down"));

		this.backfills.verify(M, VERIFY);

		VerifyReport report = finished();
		assertThat(report.pendingInJournal()).isEqualTo(1);
		assertThat(report.differing()).isZero();
		assertThat(report.onlyInOld()).isEqualTo(1);
		assertThat(report.samples()).extracting(VerifyDifference::key).containsExactly("7");
	}

	@Test
	void samplesAreBoundedPerKindWhileEverythingIsCounted() throws InterruptedException {
		for (long id = 1; id <= 10; id++) {
			this.neu.put(id, "changed " + id);
		}
		for (long id = 21; id <= 25; id++) {
			this.neu.records.remove(id);
		}

		this.backfills.verify(M, new VerifyOptions(false, false, 4, Duration.ZERO, 3));

		VerifyReport report = finished();
		assertThat(report.differing()).isEqualTo(10);
		assertThat(report.onlyInOld()).isEqualTo(5);
		assertThat(report.rowsCompared()).isEqualTo(30);
		assertThat(report.samples()).extracting(VerifyDifference::kind, VerifyDifference::key)
			.containsExactly(tuple(Kind.ONLY_IN_OLD, "21"),
					tuple(Kind.ONLY_IN_OLD, "22"),
					tuple(Kind.ONLY_IN_OLD, "23"),
					tuple(Kind.DIFFERENT, "1"),
					tuple(Kind.DIFFERENT, "2"),
					tuple(Kind.DIFFERENT, "3"));
	}

	@Test
	void repairInShadowWritesOldsRecordsToNewAndDeletesExtraOnesOnlyWhenAllowed() throws InterruptedException {
		Map<Long, Item> oldBefore = this.old.snapshot();
		this.neu.records.remove(7L);
		this.neu.put(15, "changed");
		this.neu.put(31, "only in new");

		this.backfills.verify(M, REPAIR);

		VerifyReport repaired = finished();
		assertThat(this.neu.records.get(7L)).isEqualTo(Item.of(7));
		assertThat(this.neu.records.get(15L)).isEqualTo(Item.of(15));
		assertThat(this.neu.records).containsKey(31L);
		assertThat(repaired.repaired()).isEqualTo(2);
		assertThat(repaired.deleted()).isZero();
		assertThat(repaired.onlyInOld()).isZero();
		assertThat(repaired.differing()).isZero();
		assertThat(repaired.onlyInNew()).as("left, as deleting is not allowed").isEqualTo(1);
		assertThat(repaired.samples()).extracting(VerifyDifference::key).containsExactly("31");
		assertThat(this.neu.deletes).isEmpty();

		this.backfills.verify(M, REPAIR_AND_DELETE);

		VerifyReport deleted = finished();
		assertThat(deleted.deleted()).isEqualTo(1);
		assertThat(deleted.repaired()).isZero();
		assertThat(deleted.onlyInNew()).isZero();
		assertThat(deleted.samples()).isEmpty();
		assertThat(this.neu.deletes).containsExactly(List.of(31L));
		assertThat(this.neu.snapshot()).isEqualTo(this.old.snapshot());
		assertThat(this.old.snapshot()).as("old is authoritative: never written").isEqualTo(oldBefore);
		assertThat(this.old.upserts).isEmpty();
	}

	@Test
	void repairInReverseShadowWritesNewsRecordsToOld() throws InterruptedException {
		this.registry.find(M).orElseThrow().override(MigrationMode.REVERSE_SHADOW, "test", null, null);
		this.old.put(0, "only in old");
		this.neu.put(15, "changed in new");
		this.neu.put(31, "only in new");
		Map<Long, Item> newBefore = this.neu.snapshot();

		this.backfills.verify(M, REPAIR_AND_DELETE);

		VerifyReport report = finished();
		assertThat(report.mode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(report.repaired()).isEqualTo(2);
		assertThat(report.deleted()).isEqualTo(1);
		assertThat(this.old.records.get(15L).name()).isEqualTo("changed in new");
		assertThat(this.old.records.get(31L).name()).isEqualTo("only in new");
		assertThat(this.old.records).doesNotContainKey(0L);
		assertThat(this.neu.snapshot()).as("new is authoritative: never written").isEqualTo(newBefore);
		assertThat(this.neu.upserts).isEmpty();
	}

	@Test
	void repairIsRefusedInNewAndWithoutASinkForOldInReverseShadow() throws InterruptedException {
		this.registry.find(M).orElseThrow().override(MigrationMode.NEW, "test", null, null);

		assertThatIllegalStateException().isThrownBy(() -> this.backfills.verify(M, REPAIR))
			.withMessage("Cannot repair migration 'customer-source': in NEW old is no longer written; switch back to "
					+ "REVERSE_SHADOW to repair old");
		assertThat(this.backfills.lastVerify(M)).isEmpty();
		this.backfills.verify(M, VERIFY);
		assertThat(finished()).satisfies((report) -> {
			assertThat(report.state()).isEqualTo(VerifyState.COMPLETED);
			assertThat(report.mode()).isEqualTo(MigrationMode.NEW);
		});

		this.registry.find(M).orElseThrow().override(MigrationMode.REVERSE_SHADOW, "test", null, null);
		try (Backfills readOnlyOld = backfills(Backfill.<Long, Item>of(M, Long.class)
			.from((BackfillSource<Long, Item>) this.old)
			.to(this.neu)
			.build())) {
			assertThatIllegalStateException().isThrownBy(() -> readOnlyOld.verify(M, REPAIR))
				.withMessageContaining("repair writes to old")
				.withMessageContaining("Backfill.Builder.from(BackfillStore)");
		}
	}

	@Test
	void aKeyThatAConcurrentWriteMakesDifferAgainIsRepairedAgain() throws InterruptedException {
		this.neu.put(15, "stale");
		AtomicInteger writes = new AtomicInteger();
		this.neu.beforeWrite = (records) -> {
			if (writes.incrementAndGet() == 1) {
				// a dual write between the repair's read of old and its write to new
				this.old.put(15, "newest");
				this.neu.put(15, "newest");
			}
		};

		this.backfills.verify(M, REPAIR);

		VerifyReport report = finished();
		assertThat(this.neu.upserts).containsExactly(List.of(15L), List.of(15L));
		assertThat(this.neu.records.get(15L).name()).isEqualTo("newest");
		assertThat(report.repaired()).isEqualTo(1);
		assertThat(report.differing()).isZero();
	}

	@Test
	void aKeyThatKeepsChangingIsLeftAfterThreeRepairs() throws InterruptedException {
		this.neu.put(15, "stale");
		AtomicInteger writes = new AtomicInteger();
		this.neu.beforeWrite = (records) -> this.old.put(15, "write " + writes.incrementAndGet());

		try (LogCapture log = new LogCapture(Backfills.LOGGER_NAME)) {
			this.backfills.verify(M, REPAIR);
			VerifyReport report = finished();

			assertThat(this.neu.upserts).hasSize(Repairer.MAX_ROUNDS);
			assertThat(report.repaired()).isZero();
			assertThat(report.differing()).isEqualTo(1);
			assertThat(report.samples()).singleElement().satisfies((sample) -> {
				assertThat(sample.key()).isEqualTo("15");
				assertThat(sample.differences()).containsExactly(".name: write 3 != write 2");
			});
			assertThat(log.messages(Level.WARN)).singleElement()
				.asString()
				.startsWith("Repair of 'customer-source': 1 keys still differ after 3 repairs");
		}
	}

	@Test
	void aRepairStopsWhenTheAuthoritativeSideChanges() throws InterruptedException {
		this.neu.put(5, "stale");
		this.neu.put(15, "stale");
		this.neu.beforeWrite = (records) -> this.registry.find(M)
			.orElseThrow()
			.override(MigrationMode.REVERSE_SHADOW, "test", null, null);

		try (LogCapture log = new LogCapture(Backfills.LOGGER_NAME)) {
			this.backfills.verify(M, REPAIR);
			VerifyReport report = finished();

			assertThat(report.state()).isEqualTo(VerifyState.FAILED);
			assertThat(report.error()).isEqualTo("The mode of migration 'customer-source' changed from SHADOW to "
					+ "REVERSE_SHADOW during the repair, which changes the side it may write to; verify again to "
					+ "repair in REVERSE_SHADOW");
			assertThat(report.repaired()).isEqualTo(1);
		}
		assertThat(this.neu.upserts).containsExactly(List.of(5L));
		assertThat(this.neu.records.get(15L).name()).isEqualTo("stale");
	}

	@Test
	void aVerifyThatCannotReadFailsAndSaysWhy() throws InterruptedException {
		this.neu.beforeRead = (after) -> {
			if (after != null && after == 10L) {
				throw new IllegalStateException("new store down");
			}
		};

		try (LogCapture log = new LogCapture(Backfills.LOGGER_NAME)) {
			this.backfills.verify(M, VERIFY);
			VerifyReport report = finished();

			assertThat(report.state()).isEqualTo(VerifyState.FAILED);
			assertThat(report.error()).isEqualTo("new store down");
			assertThat(report.finishedAt()).isEqualTo(this.clock.instant());
			assertThat(report.rowsCompared()).as("the first chunk was compared").isEqualTo(10);
			assertThat(log.messages(Level.ERROR)).containsExactly("Verify of 'customer-source' failed: new store down");
		}
		assertThat(this.listener.reports).singleElement().extracting(VerifyReport::state).isEqualTo(VerifyState.FAILED);
	}

	@Test
	void onlyOneVerifyOfAMigrationRunsAtATime() throws InterruptedException {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch open = new CountDownLatch(1);
		this.old.beforeRead = (after) -> {
			entered.countDown();
			try {
				open.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		this.backfills.verify(M, VERIFY);
		assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		assertThatIllegalStateException().isThrownBy(() -> this.backfills.verify(M, VERIFY))
			.withMessage("A verify of migration 'customer-source' is already running");
		assertThat(this.backfills.lastVerify(M)).get().extracting(VerifyReport::state).isEqualTo(VerifyState.RUNNING);

		open.countDown();
		assertThat(finished().state()).isEqualTo(VerifyState.COMPLETED);
	}

	@Test
	void closeStopsAVerifyAfterItsChunkInFlight() throws InterruptedException {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch open = new CountDownLatch(1);
		this.old.beforeRead = (after) -> {
			entered.countDown();
			try {
				open.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		this.backfills.verify(M, VERIFY);
		assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		Thread closer = new Thread(this.backfills::close);
		closer.start();
		Awaitility.await().atMost(WAIT).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
		open.countDown();
		closer.join(WAIT.toMillis());

		VerifyReport report = this.backfills.lastVerify(M).orElseThrow();
		assertThat(report.state()).isEqualTo(VerifyState.FAILED);
		assertThat(report.error()).isEqualTo("stopped before the end: the application shuts down");
		assertThat(report.rowsCompared()).isEqualTo(10);
		assertThat(this.old.readsAfter).containsExactly((Long) null);
	}

	private VerifyReport finished() throws InterruptedException {
		assertThat(this.backfills.awaitIdle(WAIT)).isTrue();
		return this.backfills.lastVerify(M).orElseThrow();
	}

	private Backfills backfills(Backfill<Long, Item> backfill) {
		return new Backfills(List.of(backfill), new InMemoryCheckpointStore(), BackfillSettings.defaults(),
				this.registry, this.journal, "a", this.clock, this.listener, THREADS);
	}

}
