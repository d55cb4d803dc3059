package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.testing.LogCapture;

import static io.github.phasedmigration.core.engine.EngineFixture.awaitComparisons;
import static io.github.phasedmigration.core.engine.EngineFixture.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WRITE table of the contract, for synchronous methods: order, skipping and journaling. */
class WriteModesTest {

	private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

	private final EngineFixture fixture = new EngineFixture(DiscrepancySettings.DEFAULTS,
			EngineFixture.EXECUTOR_SETTINGS, ContextSnapshotFactory.builder().build(), ModeResolver.EFFECTIVE_MODE,
			Clock.fixed(NOW, ZoneOffset.UTC));

	/** "old:start", "old:end", ... with the thread each step ran on. */
	private final List<String> steps = new CopyOnWriteArrayList<>();

	private final List<String> threads = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private Invoker step(String name, Object result) {
		return () -> {
			this.steps.add(name + ":start");
			this.threads.add(Thread.currentThread().getName());
			this.steps.add(name + ":end");
			return result;
		};
	}

	private Invoker failingStep(String name, RuntimeException error) {
		return () -> {
			this.steps.add(name + ":start");
			this.threads.add(Thread.currentThread().getName());
			throw error;
		};
	}

	@Test
	void oldModeWritesOnlyOld() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.OLD);

		assertThat(this.fixture.write(migration, step("old", 1L), step("new", 2L), "order-1")).isEqualTo(1L);

		assertThat(this.steps).containsExactly("old:start", "old:end");
		assertThat(this.threads).containsExactly(Thread.currentThread().getName());
	}

	@Test
	void shadowWritesOldThenNewOneAfterTheOtherOnTheCallersThread() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		assertThat(this.fixture.write(migration, step("old", 1L), step("new", 2L), "order-1")).isEqualTo(1L);

		assertThat(this.steps).containsExactly("old:start", "old:end", "new:start", "new:end");
		assertThat(this.threads).containsOnly(Thread.currentThread().getName()).hasSize(2);
		assertThat(this.fixture.executor.poolSize()).as("writes never go to the pool").isZero();
		assertThat(migration.counters().primaryCalls(Impl.OLD)).isEqualTo(1);
		assertThat(migration.counters().calls(Impl.NEW)).isEqualTo(1);
		assertThat(migration.counters().primaryCalls(Impl.NEW)).isZero();
		assertThat(totalComparisons(migration)).as("write results are not compared by default").isZero();
		assertThat(this.fixture.failedWrites.handled).isEmpty();
	}

	@Test
	void shadowSkipsNewWhenOldFailsAndGivesOldsFailure() {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalStateException error = new IllegalStateException("old write failed");

		assertThatThrownBy(() -> this.fixture.write(migration, failingStep("old", error), step("new", 2L), "o"))
			.isSameAs(error);

		assertThat(this.steps).containsExactly("old:start");
		assertThat(migration.counters().calls(Impl.NEW)).isZero();
		assertThat(migration.counters().failedWrites()).isZero();
		assertThat(this.fixture.failedWrites.handled).isEmpty();
	}

	@Test
	void shadowJournalsAFailedNewWriteAndTheCallerSucceeds() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalStateException error = new IllegalStateException("new write failed");
		Object[] arguments = { "order-1", 42 };

		Object result = this.fixture.engine.execute(migration, new MigrationCall("Orders.save(..)", arguments,
				io.github.phasedmigration.annotation.MigrationKind.WRITE, false, step("old", 1L),
				failingStep("new", error)));

		assertThat(result).isEqualTo(1L);
		assertThat(this.steps).containsExactly("old:start", "old:end", "new:start");
		assertThat(this.fixture.failedWrites.handled).singleElement().satisfies((failed) -> {
			assertThat(failed.migration()).isEqualTo(EngineFixture.NAME);
			assertThat(failed.method()).isEqualTo("Orders.save(..)");
			assertThat(failed.impl()).isEqualTo(Impl.NEW);
			assertThat(failed.liveArguments()).isSameAs(arguments);
			assertThat(failed.error()).isEqualTo(error.toString());
			assertThat(failed.time()).isEqualTo(NOW);
		});
		assertThat(this.fixture.failedWrites.threads).containsExactly(Thread.currentThread().getName());
		assertThat(migration.counters().failedWrites()).isEqualTo(1);
		assertThat(migration.counters().errors(Impl.NEW)).isEqualTo(1);
		assertThat(this.fixture.listener.failedWrites).containsExactly(Impl.NEW);
	}

	@Test
	void reverseShadowWritesNewThenOld() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);

		assertThat(this.fixture.write(migration, step("old", 1L), step("new", 2L), "order-1")).isEqualTo(2L);

		assertThat(this.steps).containsExactly("new:start", "new:end", "old:start", "old:end");
		assertThat(this.threads).containsOnly(Thread.currentThread().getName()).hasSize(2);
		assertThat(migration.counters().primaryCalls(Impl.NEW)).isEqualTo(1);
		assertThat(migration.counters().calls(Impl.OLD)).isEqualTo(1);
		assertThat(this.fixture.executor.poolSize()).isZero();
	}

	@Test
	void reverseShadowSkipsOldWhenNewFailsAndNeverFallsBack() {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		IllegalStateException error = new IllegalStateException("new write failed");

		assertThatThrownBy(() -> this.fixture.write(migration, step("old", 1L), failingStep("new", error), "o"))
			.isSameAs(error);

		assertThat(this.steps).containsExactly("new:start");
		assertThat(migration.counters().fallbacks()).isZero();
		assertThat(migration.counters().failedWrites()).isZero();
	}

	@Test
	void reverseShadowJournalsAFailedOldWrite() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		IllegalStateException error = new IllegalStateException("old write failed");

		assertThat(this.fixture.write(migration, failingStep("old", error), step("new", 2L), "order-1"))
			.isEqualTo(2L);

		assertThat(this.steps).containsExactly("new:start", "new:end", "old:start");
		assertThat(this.fixture.failedWrites.handled).singleElement().satisfies((failed) -> {
			assertThat(failed.impl()).isEqualTo(Impl.OLD);
			assertThat(failed.error()).isEqualTo(error.toString());
			assertThat(failed.liveArguments()).containsExactly("order-1");
		});
		assertThat(migration.counters().failedWrites()).isEqualTo(1);
		assertThat(this.fixture.listener.failedWrites).containsExactly(Impl.OLD);
	}

	@Test
	void newModeWritesOnlyNew() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.NEW);

		assertThat(this.fixture.write(migration, step("old", 1L), step("new", 2L), "order-1")).isEqualTo(2L);

		assertThat(this.steps).containsExactly("new:start", "new:end");
	}

	@Test
	void newModeGivesNewsWriteFailureWithoutJournaling() {
		Migration migration = this.fixture.migration(MigrationMode.NEW);
		IllegalStateException error = new IllegalStateException("new write failed");

		assertThatThrownBy(() -> this.fixture.write(migration, step("old", 1L), failingStep("new", error), "o"))
			.isSameAs(error);

		assertThat(this.steps).containsExactly("new:start");
		assertThat(this.fixture.failedWrites.handled).isEmpty();
	}

	@Test
	void aJournalThatCannotTakeTheWriteDoesNotReachTheCaller() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		this.fixture.failedWrites.toThrow = new IllegalStateException("journal down");

		try (LogCapture log = new LogCapture("io.github.phasedmigration")) {
			assertThat(this.fixture.write(migration, step("old", 1L),
					failingStep("new", new IllegalStateException()), "order-1"))
				.isEqualTo(1L);

			assertThat(log.messages(Level.ERROR)).singleElement()
				.asString()
				.contains("'m'", "order-1", "NOT reconciled");
		}
		assertThat(this.fixture.failedWrites.handled).hasSize(1);
		assertThat(migration.counters().failedWrites()).isEqualTo(1);
	}

	@Test
	void writeResultsAreComparedWhenAsked() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW,
				new MigrationSettings(EngineFixture.TIMEOUT, true, false, true, false, new DeepEqualsComparator()));

		assertThat(this.fixture.write(migration, step("old", 1L), step("new", 1L), "a")).isEqualTo(1L);
		awaitComparisons(migration, 1);
		assertThat(this.fixture.write(migration, step("old", 7L), step("new", 8L), "b")).isEqualTo(7L);
		awaitComparisons(migration, 2);

		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
		assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(1);
		assertThat(migration.recentDiscrepancies()).singleElement().satisfies((discrepancy) -> {
			assertThat(discrepancy.oldResult()).isEqualTo("7");
			assertThat(discrepancy.newResult()).isEqualTo("8");
			assertThat(discrepancy.arguments()).isEqualTo("[b]");
		});
		assertThat(this.steps).containsExactly("old:start", "old:end", "new:start", "new:end", "old:start",
				"old:end", "new:start", "new:end");
	}

	@Test
	void aFailedSecondWriteIsNotComparedEvenWhenResultsAreCompared() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW,
				new MigrationSettings(EngineFixture.TIMEOUT, true, false, true, false, new DeepEqualsComparator()));

		this.fixture.write(migration, step("old", 1L), failingStep("new", new IllegalStateException()), "a");

		assertThat(migration.counters().failedWrites()).isEqualTo(1);
		this.fixture.write(migration, step("old", 1L), step("new", 1L), "b");
		awaitComparisons(migration, 1);
		assertThat(totalComparisons(migration)).as("only the second call was compared").isEqualTo(1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
	}

}
