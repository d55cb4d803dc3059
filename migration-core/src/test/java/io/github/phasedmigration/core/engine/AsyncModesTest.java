package io.github.phasedmigration.core.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;

import static io.github.phasedmigration.core.engine.EngineFixture.await;
import static io.github.phasedmigration.core.engine.EngineFixture.awaitComparisons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Methods returning a CompletionStage: composed, never blocked on. */
class AsyncModesTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final EngineFixture fixture = new EngineFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private static void assertFailsWith(CompletionStage<?> stage, Throwable error) {
		assertThat(stage.toCompletableFuture()).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isSameAs(error);
	}

	// ---- one side only

	@Test
	void oldAndNewModesReturnTheInvokersStageUntouched() throws Throwable {
		CompletableFuture<String> oldFuture = new CompletableFuture<>();
		CompletableFuture<String> newFuture = new CompletableFuture<>();
		Recorder old = Recorder.of(() -> oldFuture);
		Recorder neu = Recorder.of(() -> newFuture);
		Migration migration = this.fixture.migration(MigrationMode.OLD);

		assertThat(this.fixture.readAsync(migration, old, neu)).isSameAs(oldFuture);
		migration.override(MigrationMode.NEW, "test", null, null);
		assertThat(this.fixture.readAsync(migration, old, neu)).isSameAs(newFuture);

		assertThat(old.invocations()).isEqualTo(1);
		assertThat(neu.invocations()).isEqualTo(1);
		assertThat(migration.counters().calls(Impl.OLD)).as("counted when the stage completes").isZero();
		oldFuture.complete("old");
		newFuture.completeExceptionally(new IllegalStateException());
		assertThat(migration.counters().primaryCalls(Impl.OLD)).isEqualTo(1);
		assertThat(migration.counters().errors(Impl.NEW)).isEqualTo(1);
	}

	// ---- SHADOW

	@Test
	void shadowReturnsOldsFutureUntouched() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		CompletableFuture<String> oldFuture = new CompletableFuture<>();

		CompletionStage<?> result = this.fixture.readAsync(migration, () -> oldFuture, Recorder.completing("v"));

		assertThat(result).isSameAs(oldFuture);
		assertThat(oldFuture).isNotDone();
		oldFuture.complete("v");
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
	}

	@Test
	void shadowNeverLetsNewsFailedFutureReachTheCaller() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		CompletableFuture<String> oldFuture = CompletableFuture.completedFuture("old");
		Recorder neu = Recorder.failing(new IllegalStateException("new down"));

		CompletionStage<?> result = this.fixture.readAsync(migration, () -> oldFuture, neu);

		assertThat(result).isSameAs(oldFuture);
		assertThat(result.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo("old");
		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.NEW_ERROR)).isEqualTo(1);
		assertThat(neu.threads).singleElement().asString().startsWith("test-");
	}

	@Test
	void shadowReturnsOldsFailedFutureUntouched() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalStateException error = new IllegalStateException("old down");
		CompletableFuture<Object> oldFuture = CompletableFuture.failedFuture(error);

		CompletionStage<?> result = this.fixture.readAsync(migration, () -> oldFuture, Recorder.completing("new"));

		assertThat(result).isSameAs(oldFuture);
		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.OLD_ERROR)).isEqualTo(1);
	}

	@Test
	void shadowGivesAnExceptionThrownBeforeOldReturnedItsStageUntouched() {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalArgumentException error = new IllegalArgumentException("bad argument");

		assertThatThrownBy(() -> this.fixture.readAsync(migration, Recorder.throwing(error), Recorder.completing("v")))
			.isSameAs(error);

		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.OLD_ERROR)).isEqualTo(1);
	}

	// ---- REVERSE_SHADOW

	@Test
	void reverseShadowServesNewsValue() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		CompletableFuture<String> newFuture = new CompletableFuture<>();

		CompletionStage<?> result = this.fixture.readAsync(migration, Recorder.completing("old"), () -> newFuture);

		assertThat(result.toCompletableFuture()).isNotDone();
		newFuture.complete("new");
		assertThat(result.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo("new");
		assertThat(migration.counters().fallbacks()).isZero();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(1);
	}

	@Test
	void reverseShadowFallbackComposesWithNewsFailedFuture() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		CompletableFuture<String> newFuture = new CompletableFuture<>();

		CompletionStage<?> result = this.fixture.readAsync(migration, Recorder.completing("old"), () -> newFuture);

		assertThat(result).isNotSameAs(newFuture);
		assertThat(result.toCompletableFuture()).isNotDone();
		newFuture.completeExceptionally(new IllegalStateException("new down"));
		assertThat(result.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo("old");
		assertThat(migration.counters().fallbacks()).isEqualTo(1);
		assertThat(this.fixture.listener.fallbacks).hasValue(1);
	}

	@Test
	void reverseShadowFallsBackWhenNewThrowsBeforeReturningItsStage() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);

		CompletionStage<?> result = this.fixture.readAsync(migration, Recorder.completing("old"),
				Recorder.throwing(new IllegalStateException("new down")));

		assertThat(result.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo("old");
		assertThat(migration.counters().fallbacks()).isEqualTo(1);
	}

	@Test
	void reverseShadowFallbackWaitsForOldsFuture() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(WAIT, true, false, false, false, new DeepEqualsComparator()));
		CompletableFuture<String> oldFuture = new CompletableFuture<>();

		CompletionStage<?> result = this.fixture.readAsync(migration, () -> oldFuture,
				Recorder.failing(new IllegalStateException("new down")));

		assertThat(result.toCompletableFuture()).isNotDone();
		oldFuture.complete("old");
		assertThat(result.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo("old");
	}

	@Test
	void reverseShadowWithoutFallbackReturnsNewsFutureUntouched() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(EngineFixture.TIMEOUT, false, false, false, false, new DeepEqualsComparator()));
		IllegalStateException error = new IllegalStateException("new down");
		CompletableFuture<Object> newFuture = CompletableFuture.failedFuture(error);

		CompletionStage<?> result = this.fixture.readAsync(migration, Recorder.completing("old"), () -> newFuture);

		assertThat(result).isSameAs(newFuture);
		assertFailsWith(result, error);
		assertThat(migration.counters().fallbacks()).isZero();
	}

	@Test
	void reverseShadowFallbackGivesNewsFailureWhenOldFailsToo() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		IllegalStateException newError = new IllegalStateException("new down");

		CompletionStage<?> result = this.fixture.readAsync(migration,
				Recorder.failing(new IllegalArgumentException("old down")), Recorder.failing(newError));

		assertFailsWith(result, newError);
		assertThat(migration.counters().fallbacks()).isZero();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.EXCEPTION)).isEqualTo(1);
	}

	@Test
	void reverseShadowFallbackGivesNewsFailureWhenOldTimesOut() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(Duration.ofMillis(200), true, false, false, false, new DeepEqualsComparator()));
		IllegalStateException newError = new IllegalStateException("new down");

		CompletionStage<?> result = this.fixture.readAsync(migration, CompletableFuture::new,
				Recorder.failing(newError));

		assertFailsWith(result, newError);
		assertThat(migration.counters().fallbacks()).isZero();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.TIMEOUT)).isEqualTo(1);
	}

	// ---- writes

	@Test
	void shadowWritesRunOneAfterTheOtherEachAfterThePreviousFutureCompleted() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		List<String> order = new CopyOnWriteArrayList<>();
		CompletableFuture<Long> oldFuture = new CompletableFuture<>();
		CompletableFuture<Long> newFuture = new CompletableFuture<>();
		Invoker old = () -> {
			order.add("old invoked");
			return oldFuture;
		};
		Invoker neu = () -> {
			order.add("new invoked");
			return newFuture;
		};

		CompletableFuture<?> result = this.fixture.writeAsync(migration, old, neu, "order-1").toCompletableFuture();

		assertThat(order).containsExactly("old invoked");
		assertThat(result).isNotDone();
		order.add("old completed");
		oldFuture.complete(1L);
		assertThat(order).containsExactly("old invoked", "old completed", "new invoked");
		assertThat(result).as("the caller waits for the second write too").isNotDone();
		newFuture.complete(2L);
		assertThat(result).succeedsWithin(WAIT).isEqualTo(1L);
		assertThat(this.fixture.executor.poolSize()).as("writes never go to the pool").isZero();
	}

	@Test
	void reverseShadowWritesNewFirstThenOld() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		List<String> order = new CopyOnWriteArrayList<>();
		CompletableFuture<Long> newFuture = new CompletableFuture<>();
		Invoker old = () -> {
			order.add("old");
			return CompletableFuture.completedFuture(1L);
		};
		Invoker neu = () -> {
			order.add("new");
			return newFuture;
		};

		CompletableFuture<?> result = this.fixture.writeAsync(migration, old, neu, "order-1").toCompletableFuture();

		assertThat(order).containsExactly("new");
		newFuture.complete(2L);
		assertThat(result).succeedsWithin(WAIT).isEqualTo(2L);
		assertThat(order).containsExactly("new", "old");
	}

	@Test
	void aFailedFirstAsyncWriteFailsTheCallerAndSkipsTheSecond() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalStateException error = new IllegalStateException("old write failed");
		Recorder neu = Recorder.completing(2L);

		CompletionStage<?> result = this.fixture.writeAsync(migration, Recorder.failing(error), neu, "order-1");

		assertFailsWith(result, error);
		assertThat(neu.invocations()).isZero();
		assertThat(this.fixture.failedWrites.handled).isEmpty();
	}

	@Test
	void aFirstAsyncWriteThrowingBeforeReturningItsStageReachesTheCaller() {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalStateException error = new IllegalStateException("old write failed");
		Recorder neu = Recorder.completing(2L);

		assertThatThrownBy(() -> this.fixture.writeAsync(migration, Recorder.throwing(error), neu, "order-1"))
			.isSameAs(error);
		assertThat(neu.invocations()).isZero();
	}

	@Test
	void aFailedSecondAsyncWriteIsJournaledWithItsUnwrappedErrorAndTheCallerSucceeds() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalStateException error = new IllegalStateException("new write failed");

		CompletionStage<?> result = this.fixture.writeAsync(migration, Recorder.completing(1L),
				Recorder.failing(error), "order-1");

		assertThat(result.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo(1L);
		assertThat(this.fixture.failedWrites.handled).singleElement().satisfies((failed) -> {
			assertThat(failed.impl()).isEqualTo(Impl.NEW);
			assertThat(failed.error()).isEqualTo(error.toString());
			assertThat(failed.liveArguments()).containsExactly("order-1");
		});
		assertThat(migration.counters().failedWrites()).isEqualTo(1);
	}

	@Test
	void aSecondAsyncWriteThrowingBeforeReturningItsStageIsJournaled() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		IllegalStateException error = new IllegalStateException("old write failed");

		CompletionStage<?> result = this.fixture.writeAsync(migration, Recorder.throwing(error),
				Recorder.completing(2L), "order-1");

		assertThat(result.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo(2L);
		await().until(() -> this.fixture.failedWrites.handled.size() == 1);
		assertThat(this.fixture.failedWrites.handled.get(0).impl()).isEqualTo(Impl.OLD);
		assertThat(this.fixture.failedWrites.handled.get(0).error()).isEqualTo(error.toString());
	}

}
