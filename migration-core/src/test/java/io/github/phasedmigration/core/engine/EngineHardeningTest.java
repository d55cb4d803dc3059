package io.github.phasedmigration.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.execution.ExecutorSettings;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** Edge cases found in review: each once let the machinery leak into the caller or miscount. */
class EngineHardeningTest {

	private EngineFixture fixture = new EngineFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void arrayArgumentsAreRenderedDeeplyInDiscrepancies() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		this.fixture.read(migration, () -> "old", () -> "new", new long[] { 1, 2 }, "x");

		EngineFixture.awaitComparisons(migration, 1);
		Discrepancy discrepancy = migration.recentDiscrepancies().get(0);
		assertThat(discrepancy.arguments()).isEqualTo("[[1, 2], x]");
	}

	@Test
	void anErrorThrownByTheJournalNeverReachesTheCaller() throws Throwable {
		MigrationRegistry registry = this.fixture.registry;
		this.fixture.failedWrites.toThrow = new AssertionError("journal is broken");
		MigrationEngine engine = this.fixture.engine;
		Migration migration = registry.register("writes", MigrationMode.SHADOW, EngineFixture.settings());

		Object result = engine.execute(migration, new MigrationCall("Svc.save(..)", new Object[] { 1 },
				io.github.phasedmigration.annotation.MigrationKind.WRITE, false, () -> "saved", () -> {
					throw new IllegalStateException("new store down");
				}));
		assertThat(result).isEqualTo("saved");

		Object asyncResult = ((CompletableFuture<?>) engine.execute(migration,
				new MigrationCall("Svc.save(..)", new Object[] { 2 },
						io.github.phasedmigration.annotation.MigrationKind.WRITE, true,
						() -> CompletableFuture.completedFuture("saved async"),
						() -> CompletableFuture.failedFuture(new IllegalStateException("new store down")))))
			.get(5, TimeUnit.SECONDS);
		assertThat(asyncResult).isEqualTo("saved async");
		assertThat(migration.counters().failedWrites()).isEqualTo(2);
	}

	@Test
	void aFallbackCountsOldAsServed() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);

		Object result = this.fixture.read(migration, () -> "old", () -> {
			throw new IllegalStateException("new down");
		});

		assertThat(result).isEqualTo("old");
		assertThat(migration.counters().primaryCalls(Impl.OLD)).isEqualTo(1);
		assertThat(migration.counters().primaryCalls(Impl.NEW)).isZero();
		assertThat(migration.counters().fallbacks()).isEqualTo(1);
	}

	@Test
	void aSecondaryThatTimesOutInTheQueueGivesItsSlotBack() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture(new ExecutorSettings(1, 1, "tight-", Duration.ofSeconds(1)));
		Migration migration = this.fixture.registry.register("tight", MigrationMode.SHADOW,
				new MigrationSettings(Duration.ofMillis(100), true, false, false, false, new DeepEqualsComparator()));
		CountDownLatch release = new CountDownLatch(1);
		try {
			// occupies the only thread until released, long after its timeout, deaf to the interrupt
			// as a driver stuck in native I/O would be
			this.fixture.read(migration, () -> "old", () -> {
				awaitUninterruptibly(release);
				return "old";
			});
			// waits in the only queue slot and times out there
			this.fixture.read(migration, () -> "old", () -> "old");
			EngineFixture.await()
				.untilAsserted(() -> assertThat(List.of(migration.counters().comparisons(ComparisonResult.TIMEOUT),
						(long) this.fixture.executor.queueSize())).containsExactly(2L, 0L));
			// the slot is free again although the thread is still busy
			this.fixture.read(migration, () -> "old", () -> "old");
			assertThat(migration.counters().comparisons(ComparisonResult.REJECTED)).isZero();
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void anAsyncFallbackRunInlineWaitsForOldNoLongerThanTheTimeout() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture(new ExecutorSettings(1, 0, "full-", Duration.ofSeconds(1)));
		Migration migration = this.fixture.registry.register("full", MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(Duration.ofMillis(200), true, false, false, false, new DeepEqualsComparator()));
		CountDownLatch release = new CountDownLatch(1);
		try {
			// fill the pool: the next call's old cannot be submitted and runs inline as the fallback
			this.fixture.read(migration, () -> {
				release.await(10, TimeUnit.SECONDS);
				return "old";
			}, () -> "new");
			CompletableFuture<Object> neverCompletes = new CompletableFuture<>();
			IllegalStateException newFailure = new IllegalStateException("new down");

			CompletableFuture<?> result = this.fixture
				.readAsync(migration, () -> neverCompletes, () -> CompletableFuture.failedFuture(newFailure))
				.toCompletableFuture();

			EngineFixture.await().until(result::isDone);
			assertThat(result).isCompletedExceptionally();
			assertThat(result.handle((value, error) -> error).get()).isSameAs(newFailure);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aComparatorThatOverflowsTheStackIsCountedAsAnError() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		List<Object> selfReferencing = new ArrayList<>();
		selfReferencing.add(selfReferencing);
		List<Object> other = new ArrayList<>();
		other.add(other);

		Object result = this.fixture.read(migration, () -> selfReferencing, () -> other);

		assertThat(result).isSameAs(selfReferencing);
		EngineFixture.await().until(() -> migration.counters().comparisons(ComparisonResult.ERROR) == 1);
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		while (true) {
			try {
				if (latch.await(10, TimeUnit.SECONDS)) {
					break;
				}
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aTimedOutSecondaryCountsAsAFailedRunOfItsImplementation() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture();
		Migration migration = this.fixture.registry.register("slow", MigrationMode.SHADOW,
				new MigrationSettings(Duration.ofMillis(50), true, false, false, false, new DeepEqualsComparator()));
		CountDownLatch release = new CountDownLatch(1);
		try {
			this.fixture.read(migration, () -> "old", () -> {
				release.await(10, TimeUnit.SECONDS);
				return "old";
			});
			EngineFixture.await().until(() -> migration.counters().comparisons(ComparisonResult.TIMEOUT) == 1);
			assertThat(migration.counters().calls(Impl.NEW)).isEqualTo(1);
			assertThat(migration.counters().errors(Impl.NEW)).isEqualTo(1);
			assertThat(this.fixture.listener.calls).anySatisfy((call) -> {
				assertThat(call.impl()).isEqualTo(Impl.NEW);
				assertThat(call.success()).isFalse();
			});
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void closingTheExecutorAnswersEverySecondaryStillPending() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture(new ExecutorSettings(1, 4, "closing-", Duration.ofMillis(50)));
		CountDownLatch release = new CountDownLatch(1);
		try {
			CompletableFuture<Object> running = this.fixture.executor.submit(() -> {
				awaitUninterruptibly(release);
				return CompletableFuture.completedFuture("late");
			}, Duration.ofMinutes(5));
			CompletableFuture<Object> queued = this.fixture.executor
				.submit(() -> CompletableFuture.completedFuture("never ran"), Duration.ofMinutes(5));
			CompletableFuture<Object> neverCompleting = this.fixture.executor
				.submit(() -> new CompletableFuture<>(), Duration.ofMinutes(5));

			this.fixture.executor.close();

			assertThat(running).isCompletedExceptionally();
			assertThat(queued).isCompletedExceptionally();
			assertThat(neverCompleting).isCompletedExceptionally();
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aContextAccessorThatFailsMakesARejectionNotAFailedCall() throws Throwable {
		this.fixture.close();
		io.micrometer.context.ContextRegistry contexts = new io.micrometer.context.ContextRegistry()
			.registerThreadLocalAccessor("broken", () -> {
				throw new IllegalStateException("accessor broken");
			}, (value) -> {
			}, () -> {
			});
		this.fixture = new EngineFixture(io.github.phasedmigration.core.discrepancy.DiscrepancySettings.DEFAULTS,
				EngineFixture.EXECUTOR_SETTINGS,
				io.micrometer.context.ContextSnapshotFactory.builder().contextRegistry(contexts).build(),
				ModeResolver.EFFECTIVE_MODE, java.time.Clock.systemUTC());
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		assertThat(this.fixture.read(migration, () -> "old", () -> "new")).isEqualTo("old");
		assertThat(migration.counters().comparisons(ComparisonResult.REJECTED)).isEqualTo(1);
	}

	@Test
	void theCallersStagesNeverRunOnTheTimeoutThread() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture(new ExecutorSettings(2, 4, "pool-", Duration.ofSeconds(1)));
		Migration migration = this.fixture.registry.register("late-old", MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(Duration.ofMillis(50), true, false, false, false, new DeepEqualsComparator()));
		CompletableFuture<Object> newFuture = new CompletableFuture<>();
		CompletableFuture<Object> neverCompletes = new CompletableFuture<>();

		CompletableFuture<String> callerStage = this.fixture
			.readAsync(migration, () -> neverCompletes, () -> newFuture)
			.toCompletableFuture()
			.handle((value, error) -> Thread.currentThread().getName());
		newFuture.completeExceptionally(new IllegalStateException("new down"));

		assertThat(callerStage.get(5, TimeUnit.SECONDS)).doesNotStartWith("pool-");
	}

	@Test
	void raiseOnDiscrepancyAlsoCoversComparedWriteResults() {
		Migration migration = this.fixture.registry.register("compared-writes", MigrationMode.SHADOW,
				new MigrationSettings(Duration.ofMillis(500), true, false, true, true, new DeepEqualsComparator()));

		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.fixture.write(migration, () -> "id-1", () -> "id-2", "row"))
			.isInstanceOf(MigrationDiscrepancyException.class)
			.hasMessageContaining("id-1")
			.hasMessageContaining("id-2");
	}

}
