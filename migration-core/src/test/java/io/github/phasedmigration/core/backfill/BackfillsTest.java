package io.github.phasedmigration.core.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.testing.LogCapture;
import io.github.phasedmigration.core.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Backfills: copying in chunks, checkpoints, leases and takeover, pause, failure, shutdown, progress. */
class BackfillsTest {

	private static final String M = "customer-source";

	private static final Duration LEASE = Duration.ofMinutes(1);

	/** Chunks of 10, no rate limit, 3 attempts per chunk without a pause between them. */
	private static final BackfillSettings SETTINGS = new BackfillSettings(10, 0, LEASE, Duration.ofHours(1),
			Duration.ofMillis(10), 3, Duration.ZERO);

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ThreadFactory THREADS = (task) -> {
		Thread thread = new Thread(task, "backfill-test");
		thread.setDaemon(true);
		return thread;
	};

	private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS,
			new MigrationListener() {
			}, this.clock);

	private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

	private final MemoryStore old = MemoryStore.of(1, 25);

	private final MemoryStore neu = new MemoryStore();

	private final RecordingListener listener = new RecordingListener();

	private final List<Backfills> opened = new ArrayList<>();

	BackfillsTest() {
		this.registry.register(M, MigrationMode.SHADOW,
				new MigrationSettings(Duration.ofSeconds(1), true, false, false, false, new DeepEqualsComparator()));
	}

	@AfterEach
	void close() {
		this.opened.forEach(Backfills::close);
	}

	@Test
	void copiesOldsRecordsInKeyOrderInChunksAndCompletes() throws InterruptedException {
		this.neu.put(5, "written by the dual writes");
		Backfills backfills = backfills("a", backfill(this.neu));

		backfills.start(M, false);

		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		assertThat(this.old.readsAfter).containsExactly(null, 10L, 20L);
		assertThat(this.neu.inserts).containsExactly(MemoryStore.range(1, 10), MemoryStore.range(11, 20),
				MemoryStore.range(21, 25));
		assertThat(this.neu.upserts).as("a record new holds is newer than old's: left alone").isEmpty();
		assertThat(this.neu.records.get(5L).name()).isEqualTo("written by the dual writes");
		assertThat(this.neu.records.keySet()).containsExactlyElementsOf(MemoryStore.range(1, 25));
		BackfillStatus status = backfills.status(M);
		assertThat(status.state()).isEqualTo(BackfillState.COMPLETED);
		assertThat(status.lastKey()).isEqualTo("25");
		assertThat(status.rowsDone()).isEqualTo(25);
		assertThat(status.rowsTotal()).isEqualTo(25);
		assertThat(status.finishedAt()).isEqualTo(this.clock.instant());
		assertThat(status.startedAt()).isEqualTo(this.clock.instant());
		assertThat(status.runningHere()).isFalse();
		assertThat(status.lastError()).isNull();
		assertThat(this.listener.states).containsExactly(BackfillState.RUNNING, BackfillState.COMPLETED);
		assertThat(this.listener.rows).containsExactly(10L, 10L, 5L);
		assertThat(this.checkpoints.leaseHolder(M, this.clock.instant())).as("lease released").isEmpty();
	}

	@Test
	void fromReverseShadowOnABackfillIsRefusedAndARunningOnePausesItself() throws InterruptedException {
		Migration migration = this.registry.find(M).orElseThrow();
		migration.override(MigrationMode.REVERSE_SHADOW, "test", null, null);
		Backfills backfills = backfills("a", backfill(this.neu));
		assertThatExceptionOfType(BackfillConflictException.class).isThrownBy(() -> backfills.start(M, false))
			.withMessageContaining("refused in REVERSE_SHADOW");
		assertThat(backfills.status(M).state()).isEqualTo(BackfillState.NOT_STARTED);

		migration.override(MigrationMode.SHADOW, "test", null, null);
		// the mode moves on while the second chunk is written: the run pauses before the third
		this.neu.beforeWrite = (records) -> {
			if (records.get(0).id() == 11) {
				migration.override(MigrationMode.NEW, "test", null, null);
			}
		};
		backfills.start(M, false);

		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		assertThat(backfills.status(M)).satisfies((status) -> {
			assertThat(status.state()).isEqualTo(BackfillState.PAUSED);
			assertThat(status.lastKey()).isEqualTo("20");
			assertThat(status.lastError()).contains("is in NEW, where new is authoritative");
		});
		assertThat(this.neu.records).hasSize(20);
		assertThat(this.checkpoints.leaseHolder(M, this.clock.instant())).as("lease released").isEmpty();
	}

	@Test
	void anEmptyChunkAfterAFullOneEndsTheBackfill() throws InterruptedException {
		this.old.records.remove(25L);
		this.old.records.remove(24L);
		this.old.records.remove(23L);
		this.old.records.remove(22L);
		this.old.records.remove(21L);
		Backfills backfills = backfills("a", backfill(this.neu));

		backfills.start(M, false);

		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		assertThat(this.old.readsAfter).containsExactly(null, 10L, 20L);
		assertThat(this.neu.inserts).as("nothing to write for the empty chunk").hasSize(2);
		assertThat(backfills.status(M)).satisfies((status) -> {
			assertThat(status.state()).isEqualTo(BackfillState.COMPLETED);
			assertThat(status.lastKey()).isEqualTo("20");
			assertThat(status.rowsDone()).isEqualTo(20);
		});
	}

	@Test
	void anotherInstanceResumesAfterTheLastCheckpointOfOneThatCrashed() throws InterruptedException {
		this.neu.beforeWrite = (records) -> {
			if (records.get(0).id() == 21) {
				throw new Crash();
			}
		};
		Backfills crashing = backfills("a", backfill(this.neu));
		try (LogCapture log = new LogCapture(Backfills.LOGGER_NAME)) {
			crashing.start(M, false);
			assertThat(crashing.awaitIdle(WAIT)).isTrue();
			assertThat(log.messages(Level.ERROR)).singleElement()
				.asString()
				.contains("Backfill of 'customer-source' stopped by an unexpected error after key 20");
		}
		assertThat(crashing.status(M)).satisfies((status) -> {
			assertThat(status.state()).as("a crash saves nothing").isEqualTo(BackfillState.RUNNING);
			assertThat(status.lastKey()).isEqualTo("20");
			assertThat(status.rowsDone()).isEqualTo(20);
			assertThat(status.runningHere()).isFalse();
		});
		this.neu.beforeWrite = (records) -> {
		};
		Backfills survivor = backfills("b", backfill(this.neu));

		assertThatIllegalStateException().isThrownBy(() -> survivor.start(M, false))
			.withMessage("Backfill of 'customer-source' is running on instance 'a'");
		this.clock.advance(LEASE.plusSeconds(1));
		survivor.startTakeover();

		await().until(() -> survivor.status(M).state() == BackfillState.COMPLETED);
		assertThat(survivor.awaitIdle(WAIT)).isTrue();
		assertThat(this.old.readsAfter).containsExactly(null, 10L, 20L, 20L);
		assertThat(this.neu.snapshot()).isEqualTo(this.old.snapshot());
		assertThat(survivor.status(M).rowsDone()).isEqualTo(25);
	}

	@Test
	void startingACompletedBackfillAgainCopiesOnlyWhatWasAddedAfterItsLastKey() throws InterruptedException {
		Backfills backfills = backfills("a", backfill(this.neu));
		backfills.start(M, false);
		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		this.old.put(26, "added since");
		this.neu.put(3, "changed since by the dual writes");

		backfills.start(M, false);

		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		assertThat(this.old.readsAfter).containsExactly(null, 10L, 20L, 25L);
		assertThat(this.neu.records.get(26L).name()).isEqualTo("added since");
		assertThat(this.neu.records.get(3L).name()).isEqualTo("changed since by the dual writes");
		assertThat(backfills.status(M)).satisfies((status) -> {
			assertThat(status.state()).isEqualTo(BackfillState.COMPLETED);
			assertThat(status.rowsDone()).isEqualTo(26);
			assertThat(status.lastKey()).isEqualTo("26");
		});
	}

	@Test
	void fromTheBeginningForgetsTheCheckpointAndCopiesEverythingAgainHarmlessly() throws InterruptedException {
		Backfills backfills = backfills("a", backfill(this.neu));
		backfills.start(M, false);
		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		this.old.put(0, "below the last key");
		this.neu.put(3, "changed since by the dual writes");
		this.clock.advance(Duration.ofHours(1));

		backfills.start(M, true);

		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		assertThat(this.old.readsAfter).containsExactly(null, 10L, 20L, null, 9L, 19L);
		assertThat(this.neu.records.get(0L).name()).isEqualTo("below the last key");
		assertThat(this.neu.records.get(3L).name()).isEqualTo("changed since by the dual writes");
		assertThat(this.neu.records.keySet()).containsExactlyElementsOf(MemoryStore.range(0, 25));
		assertThat(backfills.status(M)).satisfies((status) -> {
			assertThat(status.rowsDone()).as("counted from 0 again").isEqualTo(26);
			assertThat(status.startedAt()).isEqualTo(this.clock.instant());
		});
	}

	@Test
	void onlyTheLeaseHolderRunsABackfillAndAnotherTakesItOverOnceTheLeaseRunsOut() throws InterruptedException {
		Gate gate = new Gate(2);
		Backfills first = backfills("a", backfill(gate.in(this.neu)));
		Backfills second = backfills("b", backfill(this.neu));
		first.start(M, false);
		gate.awaitEntered();

		assertThatIllegalStateException().isThrownBy(() -> second.start(M, false))
			.withMessage("Backfill of 'customer-source' is running on instance 'a'");
		second.takeOver();
		assertThat(second.status(M).runningHere()).as("the lease of 'a' is live").isFalse();

		this.clock.advance(LEASE.plusSeconds(1));
		second.takeOver();

		assertThat(second.awaitIdle(WAIT)).isTrue();
		assertThat(second.status(M).state()).isEqualTo(BackfillState.COMPLETED);
		assertThat(second.status(M).rowsDone()).isEqualTo(25);
		try (LogCapture log = new LogCapture(Backfills.LOGGER_NAME)) {
			gate.open();
			assertThat(first.awaitIdle(WAIT)).isTrue();
			assertThat(log.messages(Level.WARN)).singleElement()
				.asString()
				.startsWith("Backfill of 'customer-source' lost its lease to another instance");
		}
		assertThat(gate.calls).as("'a' wrote nothing after it lost the lease").hasValue(2);
		assertThat(first.status(M).state()).as("'a' saved nothing either").isEqualTo(BackfillState.COMPLETED);
		assertThat(this.neu.snapshot()).isEqualTo(this.old.snapshot());
	}

	@Test
	void pauseStopsAfterTheChunkInFlightAndResumeGoesOnFromThere() throws InterruptedException {
		Gate gate = new Gate(2);
		Backfills backfills = backfills("a", backfill(gate.in(this.neu)));
		backfills.start(M, false);
		gate.awaitEntered();

		AtomicReference<BackfillStatus> paused = new AtomicReference<>();
		Thread pausing = new Thread(() -> paused.set(backfills.pause(M)));
		pausing.start();
		await().until(() -> pausing.getState() == Thread.State.TIMED_WAITING);
		gate.open();
		pausing.join(WAIT.toMillis());

		assertThat(paused.get()).satisfies((status) -> {
			assertThat(status.state()).isEqualTo(BackfillState.PAUSED);
			assertThat(status.rowsDone()).isEqualTo(20);
			assertThat(status.lastKey()).isEqualTo("20");
			assertThat(status.runningHere()).isFalse();
		});
		assertThat(this.old.readsAfter).containsExactly(null, 10L);
		assertThat(this.checkpoints.leaseHolder(M, this.clock.instant())).isEmpty();
		assertThat(this.listener.states).containsExactly(BackfillState.RUNNING, BackfillState.PAUSED);

		backfills.resume(M);

		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		assertThat(this.old.readsAfter).containsExactly(null, 10L, 20L);
		assertThat(backfills.status(M).state()).isEqualTo(BackfillState.COMPLETED);
		assertThat(backfills.status(M).rowsDone()).isEqualTo(25);
		assertThat(this.neu.snapshot()).isEqualTo(this.old.snapshot());
		assertThatIllegalStateException().isThrownBy(() -> backfills.pause(M))
			.withMessage("Backfill of 'customer-source' is not running on instance 'a': it is COMPLETED");
		assertThatIllegalStateException().isThrownBy(() -> backfills.resume(M))
			.withMessageStartingWith("Backfill of 'customer-source' is COMPLETED: start it");
	}

	@Test
	void aChunkThatKeepsFailingFailsTheBackfillAndResumeGoesOnFromItsCheckpoint() throws InterruptedException {
		AtomicInteger attempts = new AtomicInteger();
		this.neu.beforeWrite = (records) -> {
			if (records.get(0).id() == 11 && attempts.incrementAndGet() <= 3) {
				throw new IllegalStateException("new store down");
			}
		};
		Backfills backfills = backfills("a", backfill(this.neu));

		try (LogCapture log = new LogCapture(Backfills.LOGGER_NAME)) {
			backfills.start(M, false);
			assertThat(backfills.awaitIdle(WAIT)).isTrue();
			assertThat(log.messages(Level.WARN)).hasSize(2);
			assertThat(log.messages(Level.ERROR)).singleElement()
				.asString()
				.startsWith("Backfill of 'customer-source' failed after 3 attempts at the chunk after key 10: "
						+ "new store down");
		}

		assertThat(attempts).hasValue(3);
		assertThat(backfills.status(M)).satisfies((status) -> {
			assertThat(status.state()).isEqualTo(BackfillState.FAILED);
			assertThat(status.lastError()).isEqualTo("new store down");
			assertThat(status.rowsDone()).isEqualTo(10);
			assertThat(status.lastKey()).isEqualTo("10");
			assertThat(status.finishedAt()).isNull();
		});
		assertThat(this.listener.states).containsExactly(BackfillState.RUNNING, BackfillState.FAILED);
		assertThat(this.checkpoints.leaseHolder(M, this.clock.instant())).isEmpty();

		backfills.resume(M);

		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		assertThat(backfills.status(M).state()).isEqualTo(BackfillState.COMPLETED);
		assertThat(backfills.status(M).lastError()).isNull();
		assertThat(this.neu.snapshot()).isEqualTo(this.old.snapshot());
	}

	@Test
	void closeSavesTheCheckpointGivesTheLeaseUpAndLeavesItRunningForAnotherInstance() throws InterruptedException {
		Gate gate = new Gate(2);
		Backfills closing = backfills("a", backfill(gate.in(this.neu)));
		closing.start(M, false);
		gate.awaitEntered();

		Thread closer = new Thread(closing::close);
		closer.start();
		await().until(() -> closer.getState() == Thread.State.TIMED_WAITING);
		gate.open();
		closer.join(WAIT.toMillis());

		assertThat(closing.status(M)).satisfies((status) -> {
			assertThat(status.state()).isEqualTo(BackfillState.RUNNING);
			assertThat(status.rowsDone()).isEqualTo(20);
			assertThat(status.runningHere()).isFalse();
		});
		assertThat(this.checkpoints.leaseHolder(M, this.clock.instant())).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> closing.start(M, false)).withMessageContaining("closed");

		Backfills next = backfills("b", backfill(this.neu));
		next.startTakeover();

		await().until(() -> next.status(M).state() == BackfillState.COMPLETED);
		assertThat(this.old.readsAfter).containsExactly(null, 10L, 20L);
		assertThat(this.neu.snapshot()).isEqualTo(this.old.snapshot());
	}

	@Test
	void progressIsLoggedAtTheStartEveryLogIntervalAndAtTheEnd() throws InterruptedException {
		MemoryStore old = MemoryStore.of(1, 45);
		this.neu.beforeWrite = (records) -> this.clock.advance(Duration.ofSeconds(1));
		BackfillSettings settings = new BackfillSettings(10, 0, LEASE, Duration.ofSeconds(2), Duration.ofSeconds(1), 3,
				Duration.ZERO);
		Backfills backfills = open(new Backfills(List.of(Backfill.<Long, Item>of(M, Long.class).from(old).to(this.neu)
			.build()), this.checkpoints, settings, this.registry, null, "a", this.clock, this.listener, THREADS));

		try (LogCapture log = new LogCapture(Backfills.LOGGER_NAME)) {
			backfills.start(M, false);
			assertThat(backfills.awaitIdle(WAIT)).isTrue();

			assertThat(log.messages(Level.INFO)).containsExactly(
					"Backfill of 'customer-source' started on instance 'a' from the first record: 0 of 45 rows (0.0%), "
							+ "0 rows/s",
					"Backfill of 'customer-source': 20 of 45 rows (44.4%), 10 rows/s, ETA 3 s, last key 20",
					"Backfill of 'customer-source': 40 of 45 rows (88.9%), 10 rows/s, ETA 1 s, last key 40",
					"Backfill of 'customer-source' completed: 45 rows, last key 45");
		}
	}

	@Test
	void aBackfillThatNeverRanIsNotStartedAndCannotBePausedOrResumed() {
		Backfills backfills = backfills("a", backfill(this.neu));

		assertThat(backfills.status(M)).isEqualTo(new BackfillStatus(M, BackfillState.NOT_STARTED, null, 0, -1, 0,
				null, false, null, null, null, null));
		assertThatIllegalStateException().isThrownBy(() -> backfills.pause(M))
			.withMessage("Backfill of 'customer-source' is not running on instance 'a': it is NOT_STARTED");
		assertThatIllegalStateException().isThrownBy(() -> backfills.resume(M))
			.withMessage("Backfill of 'customer-source' never started: start it");
	}

	@Test
	void aBackfillRunsOnceOnAnInstance() throws InterruptedException {
		Gate gate = new Gate(1);
		Backfills backfills = backfills("a", backfill(gate.in(this.neu)));
		backfills.start(M, false);
		gate.awaitEntered();

		assertThatIllegalStateException().isThrownBy(() -> backfills.start(M, true))
			.withMessage("Backfill of 'customer-source' is already running on this instance");
		assertThat(backfills.status(M).runningHere()).isTrue();
		gate.open();
		assertThat(backfills.awaitIdle(WAIT)).isTrue();
		assertThat(backfills.status(M).rowsDone()).isEqualTo(25);
	}

	@Test
	void unknownMigrationsAreNamedWithTheKnownOnes() {
		Backfills backfills = backfills("a", backfill(this.neu));

		assertThat(backfills.migrations()).containsExactly(M);
		assertThatIllegalArgumentException().isThrownBy(() -> backfills.start("orders", false))
			.withMessage("No backfill for migration 'orders'; backfills: [customer-source]");
		assertThatIllegalArgumentException().isThrownBy(() -> backfills.lastVerify("orders"))
			.withMessage("No backfill for migration 'orders'; backfills: [customer-source]");
		Backfill<Long, Item> unknown = Backfill.<Long, Item>of("orders", Long.class)
			.from(this.old)
			.to(this.neu)
			.build();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backfills(List.of(unknown), this.checkpoints, SETTINGS, this.registry, null, "a",
					this.clock, this.listener, THREADS))
			.withMessage("Backfill of unknown migration 'orders'; known migrations: [customer-source]");
	}

	@Test
	void aListenerThatThrowsStopsNothing() throws InterruptedException {
		BackfillListener failing = new BackfillListener() {
			@Override
			public void onRows(String migration, long rows) {
				throw new IllegalStateException("listener bug");
			}
		};
		Backfills backfills = open(new Backfills(List.of(backfill(this.neu)), this.checkpoints, SETTINGS,
				this.registry, null, "a", this.clock, failing, THREADS));

		try (LogCapture log = new LogCapture(Backfills.LOGGER_NAME)) {
			backfills.start(M, false);
			assertThat(backfills.awaitIdle(WAIT)).isTrue();
			assertThat(log.messages(Level.WARN)).hasSize(3);
		}
		assertThat(backfills.status(M).state()).isEqualTo(BackfillState.COMPLETED);
	}

	private Backfill<Long, Item> backfill(BackfillSink<Long, Item> sink) {
		return Backfill.<Long, Item>of(M, Long.class).from(this.old).to(this.neu, sink).build();
	}

	private Backfills backfills(String instance, Backfill<Long, Item> backfill) {
		return open(new Backfills(List.of(backfill), this.checkpoints, SETTINGS, this.registry, null, instance,
				this.clock, this.listener, THREADS));
	}

	private Backfills open(Backfills backfills) {
		this.opened.add(backfills);
		return backfills;
	}

	private static org.awaitility.core.ConditionFactory await() {
		return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(5));
	}

	/** What a process dying in the middle of a chunk looks like to the run: nothing is saved. */
	private static final class Crash extends Error {

		Crash() {
			super("process killed");
		}

	}

	/** Holds the {@code n}-th write to new until the test opens it, and counts the writes. */
	private static final class Gate {

		final AtomicInteger calls = new AtomicInteger();

		private final int n;

		private final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch open = new CountDownLatch(1);

		Gate(int n) {
			this.n = n;
		}

		BackfillSink<Long, Item> in(MemoryStore store) {
			return new BackfillSink<>() {
				@Override
				public void upsert(List<Item> records) {
					store.upsert(records);
				}

				@Override
				public void insertMissing(List<Item> records) {
					if (Gate.this.calls.incrementAndGet() == Gate.this.n) {
						Gate.this.entered.countDown();
						try {
							Gate.this.open.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					}
					store.insertMissing(records);
				}
			};
		}

		void awaitEntered() throws InterruptedException {
			assertThat(this.entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}

		void open() {
			this.open.countDown();
		}

	}

	/** Records what the listener hears. */
	static final class RecordingListener implements BackfillListener {

		final List<BackfillState> states = new CopyOnWriteArrayList<>();

		final List<Long> rows = new CopyOnWriteArrayList<>();

		final List<VerifyReport> reports = new CopyOnWriteArrayList<>();

		@Override
		public void onRows(String migration, long rows) {
			this.rows.add(rows);
		}

		@Override
		public void onState(String migration, BackfillState state) {
			this.states.add(state);
		}

		@Override
		public void onVerify(VerifyReport report) {
			this.reports.add(report);
		}

		@Nullable VerifyReport lastReport() {
			return this.reports.isEmpty() ? null : this.reports.get(this.reports.size() - 1);
		}

	}

}
