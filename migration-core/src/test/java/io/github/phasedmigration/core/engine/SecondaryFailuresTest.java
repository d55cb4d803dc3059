package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.execution.ExecutorSettings;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.testing.LogCapture;

import static io.github.phasedmigration.core.engine.EngineFixture.await;
import static io.github.phasedmigration.core.engine.EngineFixture.awaitComparisons;
import static io.github.phasedmigration.core.engine.EngineFixture.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes wrong beside the caller (a hanging or rejected secondary, a failing comparator or
 * listener) is counted and never felt by the caller.
 */
class SecondaryFailuresTest {

	private EngineFixture fixture = new EngineFixture();

	/** Released after each test, so that the threads blocked by it go away. */
	private final CountDownLatch blocker = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.blocker.countDown();
		this.fixture.close();
	}

	private void usePool(int threads, int queueCapacity) {
		this.fixture.close();
		this.fixture = new EngineFixture(new ExecutorSettings(threads, queueCapacity, "test-", Duration.ofSeconds(1)));
	}

	/** Occupies one pool thread (or queue slot) until {@link #blocker} is released. */
	private CompletableFuture<Object> occupy() {
		return this.fixture.executor.submit(() -> {
			try {
				this.blocker.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableFuture.completedFuture(null);
		}, Duration.ofSeconds(10));
	}

	private static MigrationSettings timeout(Duration timeout) {
		return new MigrationSettings(timeout, true, false, false, false, new DeepEqualsComparator());
	}

	// ---- timeouts

	@Test
	void aSecondaryBeyondItsTimeoutIsCountedAsATimeoutAndInterrupted() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, timeout(Duration.ofMillis(200)));
		Recorder neu = Recorder.blocking(this.blocker, "new");

		assertThat(this.fixture.read(migration, Recorder.returning("old"), neu, 1)).isEqualTo("old");

		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.TIMEOUT)).isEqualTo(1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isZero();
		assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isZero();
		assertThat(this.fixture.listener.comparisons).containsExactly(ComparisonResult.TIMEOUT);
		assertThat(neu.wasInterrupted()).as("the hanging secondary was interrupted").isTrue();
		await().until(() -> this.fixture.executor.activeCount() == 0);
	}

	@Test
	void oldTimingOutAsTheSecondaryIsNotOldsErrorInTheCriteriasWindowButNewTimingOutIsNews() throws Throwable {
		Migration reverse = this.fixture.migration(MigrationMode.REVERSE_SHADOW, timeout(Duration.ofMillis(100)));

		assertThat(this.fixture.read(reverse, Recorder.blocking(this.blocker, "old"), Recorder.returning("new"), 1))
			.isEqualTo("new");

		awaitComparisons(reverse, 1);
		assertThat(reverse.counters().errors(Impl.OLD)).as("still old's error in the counters and metrics").isEqualTo(1);
		reverse.window().rotate(Instant.now().plusSeconds(61), Duration.ofMinutes(1), 10);
		// a slow legacy side would otherwise raise the baseline that new's error rate is held to
		assertThat(reverse.window().stats(0.99).oldErrors()).isZero();
		assertThat(reverse.window().stats(0.99).oldCalls()).isZero();
		assertThat(reverse.window().stats(0.99).newCalls()).isEqualTo(1);

		Migration shadow = this.fixture.registry.register("n", MigrationMode.SHADOW, timeout(Duration.ofMillis(100)));
		assertThat(this.fixture.read(shadow, Recorder.returning("old"), Recorder.blocking(this.blocker, "new"), 1))
			.isEqualTo("old");
		awaitComparisons(shadow, 1);
		shadow.window().rotate(Instant.now().plusSeconds(61), Duration.ofMinutes(1), 10);
		assertThat(shadow.window().stats(0.99).newErrors()).as("new's timeouts are new's errors").isEqualTo(1);
	}

	@Test
	void theTimeoutCountsFromSubmissionSoASecondaryStuckInTheQueueNeverRuns() throws Throwable {
		usePool(1, 1);
		occupy();
		await().until(() -> this.fixture.executor.activeCount() == 1);
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, timeout(Duration.ofMillis(100)));
		Recorder neu = Recorder.returning("new");

		assertThat(this.fixture.read(migration, Recorder.returning("old"), neu, 1)).isEqualTo("old");

		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.TIMEOUT)).isEqualTo(1);
		this.blocker.countDown();
		// the timed-out task keeps its queue slot until the thread reaches it, and then does nothing
		await().until(() -> this.fixture.executor.queueSize() == 0 && this.fixture.executor.activeCount() == 0);
		assertThat(neu.invocations()).isZero();
		assertThat(this.fixture.executor.submit(() -> CompletableFuture.completedFuture("after"), Duration.ofSeconds(5))
			.get(5, TimeUnit.SECONDS)).isEqualTo("after");
		assertThat(neu.invocations()).isZero();
	}

	// ---- rejections

	@Test
	void aRejectedSecondaryIsCountedAndTheCallerGetsItsResult() throws Throwable {
		usePool(1, 0);
		occupy();
		await().until(() -> this.fixture.executor.activeCount() == 1);
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		Recorder neu = Recorder.returning("new");

		assertThat(this.fixture.read(migration, Recorder.returning("old"), neu, 1)).isEqualTo("old");

		assertThat(migration.counters().comparisons(ComparisonResult.REJECTED)).isEqualTo(1);
		assertThat(totalComparisons(migration)).isEqualTo(1);
		assertThat(neu.invocations()).isZero();
		assertThat(migration.counters().primaryCalls(Impl.OLD)).isEqualTo(1);
	}

	@Test
	void aSecondaryIsRejectedWhenThreadsAndQueueAreFull() throws Throwable {
		usePool(1, 1);
		occupy();
		occupy();
		await().until(() -> this.fixture.executor.activeCount() == 1 && this.fixture.executor.queueSize() == 1);
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		Recorder old = Recorder.returning("old");

		assertThat(this.fixture.read(migration, old, Recorder.returning("new"), 1)).isEqualTo("new");

		assertThat(migration.counters().comparisons(ComparisonResult.REJECTED)).isEqualTo(1);
		assertThat(old.invocations()).isZero();
	}

	@Test
	void aRejectedOldStillServesAsFallbackOnTheCallersThread() throws Throwable {
		usePool(1, 0);
		occupy();
		await().until(() -> this.fixture.executor.activeCount() == 1);
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		Recorder old = Recorder.returning("old");

		assertThat(this.fixture.read(migration, old, Recorder.throwing(new IllegalStateException("new down")), 1))
			.isEqualTo("old");

		assertThat(old.threads).containsExactly(Thread.currentThread().getName());
		assertThat(migration.counters().fallbacks()).isEqualTo(1);
		assertThat(migration.counters().comparisons(ComparisonResult.REJECTED)).isEqualTo(1);
	}

	@Test
	void aRejectedAsynchronousOldStillServesAsFallbackWithoutBlocking() throws Throwable {
		usePool(1, 0);
		occupy();
		await().until(() -> this.fixture.executor.activeCount() == 1);
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		CompletableFuture<String> newFuture = new CompletableFuture<>();
		CompletableFuture<String> oldFuture = new CompletableFuture<>();
		Recorder old = Recorder.of(() -> oldFuture);

		CompletionStage<?> result = this.fixture.readAsync(migration, old, () -> newFuture);

		assertThat(old.invocations()).as("old only runs once new failed").isZero();
		newFuture.completeExceptionally(new IllegalStateException("new down"));
		assertThat(migration.counters().comparisons(ComparisonResult.REJECTED)).isEqualTo(1);
		assertThat(old.threads).containsExactly(Thread.currentThread().getName());
		assertThat(result.toCompletableFuture()).as("composed, not blocked on").isNotDone();
		oldFuture.complete("old");
		assertThat(result.toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("old");
		assertThat(migration.counters().fallbacks()).isEqualTo(1);
		assertThat(migration.counters().calls(Impl.OLD)).isEqualTo(1);
	}

	@Test
	void aRejectedAsynchronousSecondaryLeavesOldsFutureUntouched() throws Throwable {
		usePool(1, 0);
		occupy();
		await().until(() -> this.fixture.executor.activeCount() == 1);
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		CompletableFuture<String> oldFuture = CompletableFuture.completedFuture("old");
		Recorder neu = Recorder.completing("new");

		CompletionStage<?> result = this.fixture.readAsync(migration, () -> oldFuture, neu);

		assertThat(result).isSameAs(oldFuture);
		assertThat(migration.counters().comparisons(ComparisonResult.REJECTED)).isEqualTo(1);
		assertThat(neu.invocations()).isZero();
	}

	// ---- failing comparators and listeners

	@Test
	void aThrowingComparatorCountsAnErrorAndTheCallerIsUnaffected() throws Throwable {
		ResultComparator broken = (old, neu) -> {
			throw new IllegalStateException("comparator bug");
		};
		Migration migration = this.fixture.migration(MigrationMode.SHADOW, EngineFixture.settings(broken));

		try (LogCapture log = new LogCapture("io.github.phasedmigration")) {
			assertThat(this.fixture.read(migration, Recorder.returning("old"), Recorder.returning("new"), 1))
				.isEqualTo("old");

			awaitComparisons(migration, 1);
			assertThat(log.messages(Level.WARN)).singleElement()
				.asString()
				.contains("Comparison of migration 'm' failed");
		}
		assertThat(migration.counters().comparisons(ComparisonResult.ERROR)).isEqualTo(1);
		assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isZero();
		assertThat(migration.recentDiscrepancies()).isEmpty();
	}

	@Test
	void aThrowingComparatorRaisesNothingEvenWhenRaisingIsOn() throws Throwable {
		ResultComparator broken = (old, neu) -> {
			throw new IllegalStateException("comparator bug");
		};
		Migration migration = this.fixture.migration(MigrationMode.SHADOW,
				new MigrationSettings(EngineFixture.TIMEOUT, true, false, false, true, broken));

		try (LogCapture log = new LogCapture("io.github.phasedmigration")) {
			assertThat(this.fixture.read(migration, Recorder.returning("old"), Recorder.returning("new"), 1))
				.isEqualTo("old");
		}
		assertThat(migration.counters().comparisons(ComparisonResult.ERROR)).isEqualTo(1);
	}

	@Test
	void aThrowingListenerNeverReachesTheCaller() throws Throwable {
		this.fixture.listener.failing = true;
		Migration migration;
		try (LogCapture log = new LogCapture("io.github.phasedmigration")) {
			migration = this.fixture.migration(MigrationMode.SHADOW);

			assertThat(this.fixture.read(migration, Recorder.returning("old"),
					Recorder.throwing(new IllegalStateException("new down")), 1))
				.isEqualTo("old");
			awaitComparisons(migration, 1);

			migration.override(MigrationMode.REVERSE_SHADOW, "test", null, null);
			assertThat(this.fixture.read(migration, Recorder.returning("old"),
					Recorder.throwing(new IllegalStateException("new down")), 2))
				.isEqualTo("old");
			assertThat(this.fixture.write(migration, Recorder.throwing(new IllegalStateException("old down")),
					Recorder.returning("new"), 3))
				.isEqualTo("new");
			awaitComparisons(migration, 2);

			assertThat(log.messages(Level.WARN)).as("logged at most once a minute")
				.filteredOn((line) -> line.startsWith("Migration listener"))
				.hasSize(1);
		}
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(migration.counters().mismatches(MismatchCategory.NEW_ERROR)).isEqualTo(2);
		assertThat(migration.counters().fallbacks()).isEqualTo(1);
		assertThat(migration.counters().failedWrites()).isEqualTo(1);
		assertThat(this.fixture.failedWrites.handled).hasSize(1);
		assertThat(this.fixture.listener.registered).containsExactly(migration);
		assertThat(this.fixture.listener.fallbacks).hasValue(1);
		assertThat(this.fixture.listener.failedWrites).containsExactly(Impl.OLD);
		assertThat(this.fixture.listener.modeChanges).hasSize(1);
		assertThat(this.fixture.listener.discrepancies).containsExactly(MismatchCategory.NEW_ERROR,
				MismatchCategory.NEW_ERROR);
	}

	@Test
	void aFailingModeResolverFallsBackToTheEffectiveMode() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture(DiscrepancySettings.DEFAULTS,
				EngineFixture.EXECUTOR_SETTINGS, ContextSnapshotFactory.builder().build(),
				(migration, call) -> {
					throw new IllegalStateException("resolver bug");
				}, Clock.systemUTC());
		Migration migration = this.fixture.migration(MigrationMode.NEW);

		try (LogCapture log = new LogCapture("io.github.phasedmigration")) {
			assertThat(this.fixture.read(migration, Recorder.returning("old"), Recorder.returning("new"), 1))
				.isEqualTo("new");
			assertThat(log.messages(Level.WARN)).singleElement()
				.asString()
				.contains("Mode resolver failed for migration 'm'");
		}
	}

}
