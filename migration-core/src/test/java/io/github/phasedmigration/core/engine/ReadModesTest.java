package io.github.phasedmigration.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.engine.EngineFixture.RecordingListener.CallEvent;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;

import static io.github.phasedmigration.core.engine.EngineFixture.awaitComparisons;
import static io.github.phasedmigration.core.engine.EngineFixture.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The READ table of the contract, one mode at a time, for synchronous methods. */
class ReadModesTest {

	private final EngineFixture fixture = new EngineFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	// ---- OLD

	@Test
	void oldModeRunsOnlyOldOnTheCallersThread() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.OLD);
		Recorder old = Recorder.returning("old");
		Recorder neu = Recorder.returning("new");

		assertThat(this.fixture.read(migration, old, neu, 1)).isEqualTo("old");

		assertThat(old.threads).containsExactly(Thread.currentThread().getName());
		assertThat(neu.invocations()).isZero();
		assertThat(this.fixture.executor.poolSize()).as("nothing was submitted to the pool").isZero();
		assertThat(migration.counters().primaryCalls(Impl.OLD)).isEqualTo(1);
		assertThat(migration.counters().calls(Impl.NEW)).isZero();
		assertThat(totalComparisons(migration)).isZero();
	}

	@Test
	void oldModeGivesOldsExceptionUntouched() {
		Migration migration = this.fixture.migration(MigrationMode.OLD);
		IOException error = new IOException("disk full");
		Recorder neu = Recorder.returning("new");

		assertThatThrownBy(() -> this.fixture.read(migration, Recorder.throwing(error), neu, 1)).isSameAs(error);

		assertThat(neu.invocations()).isZero();
		assertThat(migration.counters().errors(Impl.OLD)).isEqualTo(1);
		assertThat(this.fixture.listener.calls).containsExactly(
				new CallEvent(Impl.OLD, Role.PRIMARY, false, Thread.currentThread().getName()));
	}

	// ---- SHADOW

	@Test
	void shadowServesOldAndRunsNewOnThePoolThenCompares() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		Recorder old = Recorder.returning("same");
		Recorder neu = Recorder.returning("same");

		assertThat(this.fixture.read(migration, old, neu, 1)).isEqualTo("same");

		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
		assertThat(old.threads).containsExactly(Thread.currentThread().getName());
		assertThat(neu.threads).singleElement().asString().startsWith("test-");
		assertThat(migration.counters().primaryCalls(Impl.OLD)).isEqualTo(1);
		assertThat(migration.counters().primaryCalls(Impl.NEW)).isZero();
		assertThat(migration.counters().calls(Impl.NEW)).isEqualTo(1);
		assertThat(this.fixture.listener.calls).extracting(CallEvent::impl, CallEvent::role)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Impl.OLD, Role.PRIMARY),
					org.assertj.core.groups.Tuple.tuple(Impl.NEW, Role.SECONDARY));
	}

	@Test
	void shadowGivesOldsExceptionUntouchedAndStillRunsNew() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalStateException error = new IllegalStateException("old down");
		Recorder neu = Recorder.returning("new");

		assertThatThrownBy(() -> this.fixture.read(migration, Recorder.throwing(error), neu, 1)).isSameAs(error);

		awaitComparisons(migration, 1);
		assertThat(neu.invocations()).isEqualTo(1);
		assertThat(migration.counters().mismatches(MismatchCategory.OLD_ERROR)).isEqualTo(1);
	}

	@Test
	void shadowNeverLetsNewsFailureReachTheCaller() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		Recorder neu = Recorder.throwing(new IllegalStateException("new down"));

		assertThat(this.fixture.read(migration, Recorder.returning("old"), neu, 1)).isEqualTo("old");

		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.NEW_ERROR)).isEqualTo(1);
		assertThat(migration.counters().errors(Impl.NEW)).isEqualTo(1);
		assertThat(migration.counters().errors(Impl.OLD)).isZero();
	}

	@Test
	void shadowNeverLetsNewsErrorReachTheCaller() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		Recorder neu = Recorder.throwing(new AssertionError("new is broken"));

		assertThat(this.fixture.read(migration, Recorder.returning("old"), neu, 1)).isEqualTo("old");

		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.NEW_ERROR)).isEqualTo(1);
	}

	@Test
	void shadowDoesNotWaitForASlowNew() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW,
				new MigrationSettings(Duration.ofSeconds(5), true, false, false, false, new DeepEqualsComparator()));
		CountDownLatch release = new CountDownLatch(1);
		Recorder neu = Recorder.blocking(release, "same");

		assertThat(this.fixture.read(migration, Recorder.returning("same"), neu, 1)).isEqualTo("same");

		assertThat(totalComparisons(migration)).as("new is still running when the caller has its answer").isZero();
		release.countDown();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
	}

	// ---- REVERSE_SHADOW

	@Test
	void reverseShadowServesNewAndRunsOldOnThePool() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		Recorder old = Recorder.returning("old");
		Recorder neu = Recorder.returning("new");

		assertThat(this.fixture.read(migration, old, neu, 1)).isEqualTo("new");

		awaitComparisons(migration, 1);
		assertThat(neu.threads).containsExactly(Thread.currentThread().getName());
		assertThat(old.threads).singleElement().asString().startsWith("test-");
		assertThat(migration.counters().primaryCalls(Impl.NEW)).isEqualTo(1);
		assertThat(migration.counters().primaryCalls(Impl.OLD)).isZero();
		assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(1);
		assertThat(migration.counters().fallbacks()).isZero();
	}

	@Test
	void reverseShadowDoesNotWaitForASlowOldWhenNewSucceeds() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(Duration.ofSeconds(5), true, false, false, false, new DeepEqualsComparator()));
		CountDownLatch release = new CountDownLatch(1);

		assertThat(this.fixture.read(migration, Recorder.blocking(release, "x"), Recorder.returning("x"), 1))
			.isEqualTo("x");

		assertThat(totalComparisons(migration)).isZero();
		release.countDown();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
	}

	@Test
	void reverseShadowFallsBackToOldWhenNewThrows() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		Recorder neu = Recorder.throwing(new IllegalStateException("new down"));

		assertThat(this.fixture.read(migration, Recorder.returning("old"), neu, 1)).isEqualTo("old");

		assertThat(migration.counters().fallbacks()).isEqualTo(1);
		assertThat(this.fixture.listener.fallbacks).hasValue(1);
		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.NEW_ERROR)).isEqualTo(1);
	}

	@Test
	void reverseShadowFallbackWaitsForOldToFinish() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(Duration.ofSeconds(5), true, false, false, false, new DeepEqualsComparator()));
		CountDownLatch newThrew = new CountDownLatch(1);
		Recorder old = Recorder.blocking(newThrew, "old");
		Recorder neu = Recorder.of(() -> {
			newThrew.countDown(); // old can only finish after new failed: the caller must wait for it
			throw new IllegalStateException("new down");
		});

		assertThat(this.fixture.read(migration, old, neu, 1)).isEqualTo("old");

		assertThat(migration.counters().fallbacks()).isEqualTo(1);
	}

	@Test
	void reverseShadowWithoutFallbackGivesNewsException() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(EngineFixture.TIMEOUT, false, false, false, false, new DeepEqualsComparator()));
		IllegalStateException error = new IllegalStateException("new down");
		Recorder old = Recorder.returning("old");

		assertThatThrownBy(() -> this.fixture.read(migration, old, Recorder.throwing(error), 1)).isSameAs(error);

		assertThat(migration.counters().fallbacks()).isZero();
		assertThat(this.fixture.listener.fallbacks).hasValue(0);
		awaitComparisons(migration, 1);
		assertThat(old.invocations()).as("old still runs as the secondary").isEqualTo(1);
		assertThat(migration.counters().mismatches(MismatchCategory.NEW_ERROR)).isEqualTo(1);
	}

	@Test
	void reverseShadowFallbackGivesNewsExceptionWhenOldThrowsToo() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		IllegalStateException newError = new IllegalStateException("new down");
		Recorder old = Recorder.throwing(new IllegalArgumentException("old down"));

		assertThatThrownBy(() -> this.fixture.read(migration, old, Recorder.throwing(newError), 1))
			.isSameAs(newError);

		assertThat(migration.counters().fallbacks()).isZero();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.EXCEPTION)).isEqualTo(1);
	}

	@Test
	void reverseShadowFallbackGivesNewsExceptionWhenOldTimesOut() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(Duration.ofMillis(200), true, false, false, false, new DeepEqualsComparator()));
		IllegalStateException newError = new IllegalStateException("new down");
		CountDownLatch never = new CountDownLatch(1);
		Recorder old = Recorder.blocking(never, "old");

		assertThatThrownBy(() -> this.fixture.read(migration, old, Recorder.throwing(newError), 1))
			.isSameAs(newError);

		assertThat(migration.counters().fallbacks()).isZero();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.TIMEOUT)).isEqualTo(1);
		assertThat(old.wasInterrupted()).as("the hanging old was interrupted").isTrue();
	}

	// ---- NEW

	@Test
	void newModeRunsOnlyNewOnTheCallersThread() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.NEW);
		Recorder old = Recorder.returning("old");
		Recorder neu = Recorder.returning("new");

		assertThat(this.fixture.read(migration, old, neu, 1)).isEqualTo("new");

		assertThat(neu.threads).containsExactly(Thread.currentThread().getName());
		assertThat(old.invocations()).isZero();
		assertThat(this.fixture.executor.poolSize()).isZero();
		assertThat(migration.counters().primaryCalls(Impl.NEW)).isEqualTo(1);
		assertThat(totalComparisons(migration)).isZero();
	}

	@Test
	void newModeGivesNewsExceptionWithoutFallback() {
		Migration migration = this.fixture.migration(MigrationMode.NEW);
		IllegalStateException error = new IllegalStateException("new down");
		Recorder old = Recorder.returning("old");

		assertThatThrownBy(() -> this.fixture.read(migration, old, Recorder.throwing(error), 1)).isSameAs(error);

		assertThat(old.invocations()).isZero();
		assertThat(migration.counters().fallbacks()).isZero();
		assertThat(migration.counters().errors(Impl.NEW)).isEqualTo(1);
	}

}
