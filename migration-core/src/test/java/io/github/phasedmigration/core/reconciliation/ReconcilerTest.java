package io.github.phasedmigration.core.reconciliation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.ReplayResult;
import io.github.phasedmigration.core.journal.ReplayScope;
import io.github.phasedmigration.core.journal.ReplayTarget;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.testing.LogCapture;
import io.github.phasedmigration.core.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Replays of journal entries: success, backoff, parking (I5) and the order of a key's replays (I3). */
class ReconcilerTest {

	private static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");

	private static final String SAVE = "com.example.Orders#save(String)";

	/** Three attempts, backing off 1 s, 2 s, 4 s... up to 10 s. */
	private static final ReconcilerSettings SETTINGS = new ReconcilerSettings(10, Duration.ofSeconds(1),
			Duration.ofMinutes(1), 3, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0);

	private final MutableClock clock = new MutableClock(T0);

	private final InMemoryWriteJournal journal = new InMemoryWriteJournal();

	private final List<ReplayResult> replayResults = new CopyOnWriteArrayList<>();

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS,
			new MigrationListener() {

				@Override
				public void onReplay(Migration migration, ReplayResult result) {
					ReconcilerTest.this.replayResults.add(result);
				}

			}, this.clock);

	private final Map<String, ReplayTarget> targets = new ConcurrentHashMap<>();

	/** The first argument of every replay attempt, in order. */
	private final List<String> attempts = new CopyOnWriteArrayList<>();

	/** How often the replay of an argument still fails. */
	private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();

	private final Reconciler reconciler = reconciler(SETTINGS);

	ReconcilerTest() {
		this.registry.register("m", MigrationMode.SHADOW, new MigrationSettings(Duration.ofSeconds(1), true, false,
				false, false, new DeepEqualsComparator()));
		this.targets.put(SAVE, (entry) -> {
			String argument = (String) entry.liveArguments()[0];
			this.attempts.add(argument);
			if (this.failuresLeft.merge(argument, -1, Integer::sum) >= 0) {
				throw new IllegalStateException("store down for " + argument);
			}
		});
	}

	@Test
	void aReplayThatGoesThroughDeletesTheEntry() {
		append("m", "k1", "a");

		assertThat(this.reconciler.runOnce()).isEqualTo(new Reconciler.Batch(1, 1));

		assertThat(this.attempts).containsExactly("a");
		assertThat(this.journal.stats()).isEmpty();
		assertThat(this.journal.hasEntries("m", "k1")).isFalse();
		assertThat(this.replayResults).containsExactly(ReplayResult.SUCCESS);
		assertThat(this.reconciler.runOnce()).isEqualTo(new Reconciler.Batch(0, 0));
	}

	@Test
	void theTargetGetsTheEntryWithItsImplementationAndArguments() {
		List<JournalEntry> seen = new CopyOnWriteArrayList<>();
		this.targets.put(SAVE, seen::add);
		Object[] live = { "a" };
		long id = this.journal.append(new NewJournalEntry(T0, "m", Impl.NEW, SAVE, "k1", "[\"a\"]", live,
				JournalCause.FAILED, "down"));

		this.reconciler.runOnce();

		assertThat(seen).singleElement().satisfies((entry) -> {
			assertThat(entry.id()).isEqualTo(id);
			assertThat(entry.impl()).isEqualTo(Impl.NEW);
			assertThat(entry.arguments()).isEqualTo("[\"a\"]");
			assertThat(entry.liveArguments()).isSameAs(live);
			assertThat(entry.attempts()).isEqualTo(1);
		});
	}

	@Test
	void aFailedReplayIsTriedAgainAfterAGrowingBackoff() {
		append("m", "k1", "a");
		this.failuresLeft.put("a", 2);
		List<JournalEntry> seen = new CopyOnWriteArrayList<>();
		ReplayTarget save = this.targets.get(SAVE);
		this.targets.put(SAVE, (entry) -> {
			seen.add(entry);
			save.replay(entry);
		});

		try (LogCapture log = new LogCapture(Reconciler.LOGGER_NAME)) {
			assertThat(this.reconciler.runOnce()).isEqualTo(new Reconciler.Batch(1, 0));
			assertThat(log.messages(Level.WARN)).singleElement()
				.asString()
				.contains("Replayed 1 journal entries: 0 went through, 1 failed");
		}

		// first failure: 1 s
		assertThat(runAt(T0.plusSeconds(1).minusMillis(1))).isEqualTo(new Reconciler.Batch(0, 0));
		assertThat(runAt(T0.plusSeconds(1))).isEqualTo(new Reconciler.Batch(1, 0));
		// second failure: 2 s
		assertThat(runAt(T0.plusSeconds(3).minusMillis(1))).isEqualTo(new Reconciler.Batch(0, 0));
		assertThat(runAt(T0.plusSeconds(3))).isEqualTo(new Reconciler.Batch(1, 1));

		assertThat(seen).extracting(JournalEntry::attempts).containsExactly(1, 2, 3);
		assertThat(seen.get(1).lastError()).isEqualTo("java.lang.IllegalStateException: store down for a");
		assertThat(this.replayResults).containsExactly(ReplayResult.FAILURE, ReplayResult.FAILURE,
				ReplayResult.SUCCESS);
		assertThat(this.journal.stats()).isEmpty();
	}

	@Test
	void anEntryOutOfAttemptsIsParkedAndLoggedAtError() {
		long id = append("m", "k1", "a");
		this.failuresLeft.put("a", Integer.MAX_VALUE);

		try (LogCapture log = new LogCapture(Reconciler.LOGGER_NAME)) {
			this.reconciler.runOnce();
			runAt(T0.plusSeconds(1));
			assertThat(log.messages(Level.ERROR)).isEmpty();
			runAt(T0.plusSeconds(3));

			List<ILoggingEvent> errors = log.events(Level.ERROR);
			assertThat(errors).singleElement().satisfies((event) -> {
				assertThat(event.getFormattedMessage()).contains("entry " + id, "'m'", "after 3 attempts", SAVE,
						"to new", "key k1", "/actuator/migrations/m/parked");
				assertThat(event.getThrowableProxy().getMessage()).isEqualTo("store down for a");
			});
		}

		assertThat(this.replayResults).containsExactly(ReplayResult.FAILURE, ReplayResult.FAILURE,
				ReplayResult.PARKED);
		assertThat(this.journal.parked("m", 0, 10)).singleElement().satisfies((entry) -> {
			assertThat(entry.id()).isEqualTo(id);
			assertThat(entry.attempts()).isEqualTo(3);
			assertThat(entry.lastError()).isEqualTo("java.lang.IllegalStateException: store down for a");
		});
		assertThat(runAt(T0.plus(Duration.ofDays(1)))).as("parked: never tried again by itself")
			.isEqualTo(new Reconciler.Batch(0, 0));
		assertThat(this.attempts).hasSize(3);
	}

	@Test
	void aBatchThatRunsPastHalfItsLeaseGivesTheRestBackBeforeAnotherInstanceCouldTakeItOver() {
		append("m", "k1", "slow");
		append("m", "k2", "b");
		append("m", "k3", "c");
		this.targets.put(SAVE, (entry) -> {
			this.attempts.add((String) entry.liveArguments()[0]);
			this.clock.advance(Duration.ofSeconds(31)); // the lease is a minute
		});

		assertThat(this.reconciler.runOnce()).isEqualTo(new Reconciler.Batch(3, 1));

		assertThat(this.attempts).containsExactly("slow");
		assertThat(this.journal.stats().get("m").pending()).as("given back, due now").isEqualTo(2);
		assertThat(this.journal.claim(10, Duration.ofMinutes(1), this.clock.instant())).hasSize(2);
	}

	@Test
	void withSeveralReplayThreadsTheEntriesOfABatchAreReplayedSideBySide() {
		CountDownLatch allStarted = new CountDownLatch(3);
		this.targets.put(SAVE, (entry) -> {
			allStarted.countDown();
			// one at a time, the first replay would wait here for the others in vain
			assertThat(allStarted.await(5, TimeUnit.SECONDS)).isTrue();
		});
		append("m", "k1", "a");
		append("m", "k2", "b");
		append("m", "k3", "c");
		try (Reconciler parallel = reconciler(new ReconcilerSettings(10, Duration.ofSeconds(1), Duration.ofMinutes(1),
				3, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 3))) {
			assertThat(parallel.runOnce()).isEqualTo(new Reconciler.Batch(3, 3));
		}
		assertThat(this.replayResults).containsExactly(ReplayResult.SUCCESS, ReplayResult.SUCCESS,
				ReplayResult.SUCCESS);
		assertThat(this.journal.stats()).isEmpty();
	}

	@Test
	void anEntryOfAnUnknownMethodWaitsForAnInstanceThatKnowsIt() {
		this.journal.append(new NewJournalEntry(T0, "m", Impl.NEW, "com.example.Gone#save(String)", "k1", "[a]",
				new Object[] { "a" }, JournalCause.FAILED, "down"));

		assertThat(this.reconciler.runOnce()).isEqualTo(new Reconciler.Batch(1, 0));

		assertThat(this.journal.parked("m", 0, 10)).as("another version of the application may know it").isEmpty();
		assertThat(this.journal.stats().get("m").pending()).isEqualTo(1);
		assertThat(this.replayResults).containsExactly(ReplayResult.FAILURE);
	}

	@Test
	void anEntryForTheSideThatIsNowAuthoritativeIsParkedNotReplayed() {
		List<JournalEntry> seen = new CopyOnWriteArrayList<>();
		this.targets.put(SAVE, seen::add);
		long id = this.journal.append(new NewJournalEntry(T0, "m", Impl.OLD, SAVE, "k1", "[a]", new Object[] { "a" },
				JournalCause.FAILED, "down"));

		try (LogCapture log = new LogCapture(Reconciler.LOGGER_NAME)) {
			// journaled in REVERSE_SHADOW, replayed after a roll back to SHADOW: old is written first again
			assertThat(this.reconciler.runOnce()).isEqualTo(new Reconciler.Batch(1, 0));

			assertThat(log.messages(Level.ERROR)).singleElement().asString().contains("entry " + id, "SHADOW");
		}
		assertThat(seen).as("an older write must not overwrite newer ones").isEmpty();
		assertThat(this.journal.parked("m", 0, 10)).singleElement()
			.satisfies((entry) -> assertThat(entry.lastError()).contains("could overwrite newer"));
		assertThat(this.replayResults).containsExactly(ReplayResult.PARKED);
	}

	@Test
	void aTargetRunsInsideTheReplayScopeAndLeavesItBehind() {
		List<Boolean> active = new CopyOnWriteArrayList<>();
		this.targets.put(SAVE, (entry) -> {
			active.add(ReplayScope.active());
			if ("fails".equals(entry.liveArguments()[0])) {
				throw new IllegalStateException("down");
			}
		});
		append("m", null, "fails");
		append("m", null, "works");

		this.reconciler.runOnce();

		assertThat(active).containsExactly(true, true);
		assertThat(ReplayScope.active()).isFalse();
	}

	@Test
	void theReplaysOfOneKeyHappenInTheirOrderWhileOtherKeysGoOn() {
		append("m", "k1", "a");
		append("m", "k2", "x");
		append("m", "k1", "b");
		append("m", "k1", "c");
		this.failuresLeft.put("a", 1);

		for (int i = 0; i < 10 && !this.journal.stats().isEmpty(); i++) {
			if (this.reconciler.runOnce().claimed() == 0) {
				this.clock.advance(SETTINGS.maxBackoff());
			}
		}

		assertThat(this.journal.stats()).isEmpty();
		assertThat(this.attempts).containsExactly("a", "x", "a", "b", "c");
	}

	@Test
	void aBatchClaimsAtMostBatchSizeEntries() {
		Reconciler small = reconciler(new ReconcilerSettings(2, Duration.ofSeconds(1), Duration.ofMinutes(1), 3,
				Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0));
		append("m", null, "a");
		append("m", null, "b");
		append("m", null, "c");

		assertThat(small.runOnce()).isEqualTo(new Reconciler.Batch(2, 2));
		assertThat(small.runOnce()).isEqualTo(new Reconciler.Batch(1, 1));
		assertThat(this.attempts).containsExactly("a", "b", "c");
	}

	@Test
	void entriesOfAMigrationThatIsNotRegisteredAreReplayedWithoutTellingTheListener() {
		append("gone", "k1", "a");

		assertThat(this.reconciler.runOnce()).isEqualTo(new Reconciler.Batch(1, 1));
		assertThat(this.replayResults).isEmpty();
	}

	@Test
	void aLongErrorIsCutToFitTheJournal() {
		this.targets.put(SAVE, (entry) -> {
			throw new IllegalStateException("x".repeat(5000));
		});
		append("m", "k1", "a");

		this.reconciler.runOnce();

		List<JournalEntry> again = this.journal.claim(10, Duration.ofMinutes(1), T0.plusSeconds(1));
		assertThat(again).singleElement().satisfies((entry) -> {
			assertThat(entry.lastError()).hasSize(2000)
				.startsWith("java.lang.IllegalStateException: xxx")
				.endsWith("...");
		});
	}

	@Test
	void replayScopesNest() {
		assertThat(ReplayScope.active()).isFalse();
		try (ReplayScope outer = ReplayScope.enter("Svc#a()")) {
			try (ReplayScope inner = ReplayScope.enter("Svc#b()")) {
				assertThat(ReplayScope.active()).isTrue();
				assertThat(ReplayScope.replaying("Svc#b()")).isTrue();
				assertThat(ReplayScope.replaying("Svc#a()")).as("only the innermost method is bypassed").isFalse();
			}
			assertThat(ReplayScope.replaying("Svc#a()")).as("the outer scope is still open").isTrue();
		}
		assertThat(ReplayScope.active()).isFalse();
	}

	// ---- settings

	@Test
	void theBackoffGrowsByTheMultiplierUpToItsCap() {
		ReconcilerSettings defaults = ReconcilerSettings.DEFAULTS;

		assertThat(defaults.backoff(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(defaults.backoff(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(defaults.backoff(3)).isEqualTo(Duration.ofSeconds(4));
		assertThat(defaults.backoff(9)).isEqualTo(Duration.ofSeconds(256));
		assertThat(defaults.backoff(10)).isEqualTo(Duration.ofMinutes(5));
		assertThat(defaults.backoff(Integer.MAX_VALUE)).as("no overflow").isEqualTo(Duration.ofMinutes(5));
		assertThat(defaults.backoff(0)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aMultiplierOfOneKeepsTheBackoffConstantAndFractionsWork() {
		ReconcilerSettings constant = new ReconcilerSettings(1, Duration.ofSeconds(1), Duration.ofMinutes(1), 1,
				Duration.ofMillis(100), Duration.ofSeconds(1), 1.0);
		ReconcilerSettings slow = new ReconcilerSettings(1, Duration.ofSeconds(1), Duration.ofMinutes(1), 1,
				Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);

		assertThat(constant.backoff(50)).isEqualTo(Duration.ofMillis(100));
		assertThat(slow.backoff(2)).isEqualTo(Duration.ofMillis(150));
		assertThat(slow.backoff(3)).isEqualTo(Duration.ofMillis(225));
	}

	@Test
	void countsAndMultiplierAreValidatedWithTheValuesGiven() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(0, 10, 2.0, Duration.ofSeconds(1),
				Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(5)))
			.withMessage("batch-size must be at least 1, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(100, 0, 2.0, Duration.ofSeconds(1),
				Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(5)))
			.withMessage("max-attempts must be at least 1, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(100, 10, 0.5, Duration.ofSeconds(1),
				Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(5)))
			.withMessage("backoff-multiplier must be at least 1.0, was 0.5");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(100, 10, Double.NaN, Duration.ofSeconds(1),
				Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(5)))
			.withMessage("backoff-multiplier must be at least 1.0, was NaN");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconcilerSettings(100, Duration.ofSeconds(1), Duration.ofMinutes(1), 10,
					Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 0))
			.withMessage("replay-threads must be at least 1, was 0");
	}

	@Test
	void durationsAreValidated() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(100, 10, 2.0, Duration.ZERO,
				Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(5)))
			.withMessage("poll-interval must be positive, e.g. 1s, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(100, 10, 2.0, Duration.ofSeconds(1),
				Duration.ofMinutes(-1), Duration.ofSeconds(1), Duration.ofMinutes(5)))
			.withMessage("lease must be positive, e.g. 5m, was PT-1M");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(100, 10, 2.0, Duration.ofSeconds(1),
				Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(5)))
			.withMessage("max-backoff must be at least initial-backoff (PT10S), was PT5S");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(100, 10, 2.0, Duration.ofSeconds(1),
				Duration.ofMinutes(1), Duration.ofSeconds(-1), Duration.ofMinutes(5)))
			.withMessage("initial-backoff must be 0 or more, was PT-1S");
		assertThatNullPointerException().isThrownBy(() -> settings(100, 10, 2.0, null, Duration.ofMinutes(1),
				Duration.ofSeconds(1), Duration.ofMinutes(5)))
			.withMessage("pollInterval");
		assertThat(settings(100, 10, 1.0, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ZERO,
				Duration.ZERO).backoff(3)).as("no backoff at all is allowed").isZero();
	}

	// ---- helpers

	private Reconciler reconciler(ReconcilerSettings settings) {
		return new Reconciler(this.journal, this.targets::get, this.registry, settings, this.clock);
	}

	private long append(String migration, @Nullable String key, String argument) {
		return this.journal.append(new NewJournalEntry(this.clock.instant(), migration, Impl.NEW, SAVE, key,
				"[" + argument + "]", new Object[] { argument }, JournalCause.FAILED, "down"));
	}

	private Reconciler.Batch runAt(Instant now) {
		this.clock.set(now);
		return this.reconciler.runOnce();
	}

	private static ReconcilerSettings settings(int batchSize, int maxAttempts, double multiplier,
			@Nullable Duration pollInterval, Duration lease, Duration initialBackoff, Duration maxBackoff) {
		return new ReconcilerSettings(batchSize, pollInterval, lease, maxAttempts, initialBackoff, maxBackoff,
				multiplier);
	}

}
