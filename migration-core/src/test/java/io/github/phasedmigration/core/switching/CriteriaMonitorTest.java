package io.github.phasedmigration.core.switching;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.criteria.Verdict;
import io.github.phasedmigration.core.criteria.WindowStats;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.registry.ModeChange;
import io.github.phasedmigration.core.rollout.Rollout;
import io.github.phasedmigration.core.testing.LogCapture;
import io.github.phasedmigration.core.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CriteriaMonitor} on windows filled directly (exact counts and latencies): which windows it
 * judges, how failing windows in a row roll a migration back, and what breaks a row. The engine
 * end to end is {@link AutoRollbackEngineTest}.
 */
class CriteriaMonitorTest {

	private static final Instant T0 = Instant.parse("2030-01-02T03:00:00Z");

	private static final Duration MINUTE = Duration.ofMinutes(1);

	/** One bucket per window, so that each window is one bucket's verdict; 100 calls per side to judge it. */
	private static final CriteriaSettings ROLLBACK_AFTER_2 = new CriteriaSettings(MINUTE, 1, 100, 0.01, 0.001, 2.0,
			0.01, null, 0.99, 1.25, true, 2);

	private final MutableClock clock = new MutableClock(T0);

	private final Rollbacks listener = new Rollbacks();

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS, this.listener,
			this.clock);

	private final CriteriaMonitor monitor = new CriteriaMonitor(this.registry, this.clock);

	private final LogCapture log = new LogCapture(CriteriaMonitor.class.getName());

	@AfterEach
	void close() {
		this.log.close();
		this.monitor.close();
	}

	private Migration migration(String name, Rollout rollout, CriteriaSettings criteria) {
		Migration migration = this.registry.register(name, rollout,
				new MigrationSettings(Duration.ofMillis(500), true, false, false, false, new DeepEqualsComparator()));
		migration.updateCriteria(criteria);
		return migration;
	}

	private Migration migration(MigrationMode mode, CriteriaSettings criteria) {
		return migration("customer-source", Rollout.full(mode, "customer-source"), criteria);
	}

	/** Counts {@code calls} calls per side into the running bucket, {@code newErrors} of new's failing. */
	private static void traffic(Migration migration, int calls, int newErrors) {
		for (int i = 0; i < calls; i++) {
			migration.window().call(Impl.OLD, true, 5_000_000);
			migration.window().call(Impl.NEW, i >= newErrors, 5_000_000);
			migration.window().comparison((i < newErrors) ? ComparisonResult.MISMATCH : ComparisonResult.MATCH);
		}
	}

	/** The bucket ends and the monitor ticks. */
	private void endBucket() {
		this.clock.advance(MINUTE);
		this.monitor.tick();
	}

	private static long rollbacksIn(Migration migration) {
		return migration.history().stream().filter((change) -> change.action().equals("rollback")).count();
	}

	@Test
	void twoFailingWindowsInARowRollBackOneModeWithTheMeasurements() {
		Migration migration = migration(MigrationMode.REVERSE_SHADOW, ROLLBACK_AFTER_2);

		traffic(migration, 200, 100);
		endBucket();
		assertThat(migration.effectiveMode()).as("one failing window is not enough")
			.isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(migration.window().failingWindows()).isOne();
		assertThat(this.log.messages(Level.ERROR)).isEmpty();

		traffic(migration, 200, 100);
		endBucket();

		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(migration.overrideRollout()).isEqualTo(Rollout.full(MigrationMode.SHADOW, "customer-source"));
		ModeChange change = migration.history().get(migration.history().size() - 1);
		assertThat(change.source()).isEqualTo("auto-rollback");
		assertThat(change.action()).isEqualTo("rollback");
		assertThat(change.from()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(change.to()).isEqualTo(MigrationMode.SHADOW);
		assertThat(change.time()).isEqualTo(T0.plus(MINUTE.multipliedBy(2)));
		assertThat(change.forced()).isFalse();
		assertThat(change.reason()).startsWith("2 failing window(s) in a row in REVERSE_SHADOW: ")
			.contains("new-error-rate fail: new failed 50% of 200 calls");
		assertThat(change.measurements()).containsOnlyKeys("min-calls", "discrepancy-rate", "new-error-rate",
				"latency-ratio");
		assertThat(change.measurements().get("new-error-rate")).startsWith("fail: ");
		assertThat(change.measurements().get("min-calls")).startsWith("pass: ");
		assertThat(this.log.messages(Level.ERROR)).singleElement()
			.asString()
			.startsWith("Migration 'customer-source' rolled back by itself from REVERSE_SHADOW to SHADOW: 2 failing");
		assertThat(this.listener.rollbacks).singleElement().satisfies((rollback) -> {
			assertThat(rollback.migration()).isSameAs(migration);
			assertThat(rollback.change()).isEqualTo(change);
			assertThat(rollback.readiness().verdict()).isEqualTo(Verdict.FAIL);
			assertThat(rollback.readiness().target()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		});
		assertThat(this.listener.modeChanges).as("onModeChange of the same change too").containsExactly(change);
		assertThat(migration.window().stats(0.99)).as("a new mode needs its own evidence")
			.isEqualTo(WindowStats.EMPTY);

		// in SHADOW new serves no caller: more failing windows change nothing
		for (int i = 0; i < 5; i++) {
			traffic(migration, 200, 200);
			endBucket();
		}
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(this.listener.rollbacks).hasSize(1);
	}

	@Test
	void aStreakBrokenByAPassingWindowStartsAgain() {
		Migration migration = migration(MigrationMode.REVERSE_SHADOW, ROLLBACK_AFTER_2);

		traffic(migration, 200, 100); // fail
		endBucket();
		traffic(migration, 200, 0); // pass
		endBucket();
		assertThat(migration.readiness(MigrationMode.REVERSE_SHADOW).verdict()).isEqualTo(Verdict.PASS);
		assertThat(migration.window().failingWindows()).isZero();
		traffic(migration, 200, 100); // fail: the first of a new row
		endBucket();

		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(migration.window().failingWindows()).isOne();
		assertThat(this.listener.rollbacks).isEmpty();

		traffic(migration, 200, 100); // fail: the second in a row
		endBucket();
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(this.listener.rollbacks).hasSize(1);
	}

	@Test
	void anInconclusiveWindowBreaksAStreakAndNeverRollsBack() {
		Migration migration = migration(MigrationMode.REVERSE_SHADOW, ROLLBACK_AFTER_2);

		traffic(migration, 200, 100); // fail
		endBucket();
		traffic(migration, 99, 99); // every call of new fails, but 99 calls are too few to tell
		endBucket();
		assertThat(migration.readiness(MigrationMode.REVERSE_SHADOW).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
		traffic(migration, 200, 100); // fail
		endBucket();

		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(migration.window().failingWindows()).isOne();
		assertThat(rollbacksIn(migration)).isZero();
	}

	@Test
	void nothingIsJudgedBeforeABucketCloses() {
		Migration migration = migration(MigrationMode.NEW, new CriteriaSettings(MINUTE, 1, 100, 0.01, 0.001, 2.0,
				0.01, null, 0.99, 1.25, true, 1));
		traffic(migration, 200, 200);

		for (int second = 0; second < 59; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.monitor.tick();
		}
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.NEW);

		this.clock.advance(Duration.ofSeconds(1));
		this.monitor.tick();
		assertThat(migration.effectiveMode()).as("after one failing window").isEqualTo(MigrationMode.REVERSE_SHADOW);
	}

	@Test
	void eachRollbackIsOneStepAndTheNextOneNeedsItsOwnFailingWindows() {
		Migration migration = migration(MigrationMode.NEW, ROLLBACK_AFTER_2);

		for (int window = 1; window <= 4; window++) {
			traffic(migration, 200, 100);
			endBucket();
		}

		assertThat(migration.history()).filteredOn((change) -> change.action().equals("rollback"))
			.extracting(ModeChange::from, ModeChange::to)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(MigrationMode.NEW, MigrationMode.REVERSE_SHADOW),
					org.assertj.core.groups.Tuple.tuple(MigrationMode.REVERSE_SHADOW, MigrationMode.SHADOW));
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
	}

	@Test
	void aCanaryRollsBackToThePreviousModeForAllCalls() {
		Rollout canary = new Rollout(MigrationMode.REVERSE_SHADOW, 500, "customer-source", Set.of("alice"), 2_000);
		Migration migration = migration("customer-source", canary, ROLLBACK_AFTER_2);

		for (int window = 1; window <= 2; window++) {
			traffic(migration, 200, 100);
			endBucket();
		}

		assertThat(migration.rollout())
			.isEqualTo(new Rollout(MigrationMode.SHADOW, 10_000, "customer-source", Set.of("alice"), 2_000));
		ModeChange change = migration.history().get(migration.history().size() - 1);
		assertThat(change.fromPercentage()).isEqualTo(5.0);
		assertThat(change.percentage()).isEqualTo(100.0);
		assertThat(change.reason()).startsWith("2 failing window(s) in a row in REVERSE_SHADOW at 5%: ");
	}

	@Test
	void withoutAutomaticRollbackFailingWindowsChangeNothing() {
		Migration migration = migration(MigrationMode.NEW, CriteriaSettings.DEFAULTS);

		for (int window = 1; window <= 12; window++) {
			traffic(migration, 1_000, 1_000);
			this.clock.advance(CriteriaSettings.DEFAULTS.bucket());
			this.monitor.tick();
		}

		assertThat(migration.readiness(MigrationMode.NEW).verdict()).as("the windows did fail")
			.isEqualTo(Verdict.FAIL);
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.NEW);
		assertThat(migration.window().failingWindows()).as("not even counted").isZero();
		assertThat(rollbacksIn(migration)).isZero();
	}

	@Test
	void shadowNeverRollsBackByItself() {
		Migration migration = migration(MigrationMode.SHADOW, ROLLBACK_AFTER_2);

		for (int window = 1; window <= 5; window++) {
			traffic(migration, 200, 200);
			endBucket();
		}

		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(rollbacksIn(migration)).isZero();
	}

	@Test
	void aFailingMigrationDoesNotRollBackAHealthyOneBesideIt() {
		Migration failing = migration("customer-source", Rollout.full(MigrationMode.NEW, "customer-source"),
				ROLLBACK_AFTER_2);
		Migration healthy = migration("pricing-v2", Rollout.full(MigrationMode.NEW, "pricing-v2"), ROLLBACK_AFTER_2);

		for (int window = 1; window <= 2; window++) {
			traffic(failing, 200, 100);
			traffic(healthy, 200, 0);
			endBucket();
		}

		assertThat(failing.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(healthy.effectiveMode()).isEqualTo(MigrationMode.NEW);
		assertThat(rollbacksIn(healthy)).isZero();
		assertThat(this.listener.rollbacks).extracting(Rollback::migration).containsExactly(failing);
	}

	@Test
	void aListenerThatThrowsDoesNotStopTheMonitor() {
		this.listener.failing = true;
		Migration first = migration("a", Rollout.full(MigrationMode.NEW, "a"), ROLLBACK_AFTER_2);
		Migration second = migration("b", Rollout.full(MigrationMode.NEW, "b"), ROLLBACK_AFTER_2);

		for (int window = 1; window <= 2; window++) {
			traffic(first, 200, 100);
			traffic(second, 200, 100);
			endBucket();
		}

		assertThat(first.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(second.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(this.listener.rollbacks).hasSize(2);
	}

	@Test
	void aRollbackOfARolloutThatChangedMeanwhileIsDropped() {
		Migration migration = migration(MigrationMode.NEW, ROLLBACK_AFTER_2);
		Rollout judged = migration.rollout();
		Readiness readiness = migration.readiness(MigrationMode.NEW);
		migration.override(judged.with(MigrationMode.NEW, 5_000), "actuator", "alice", "narrower", false, Map.of());
		int entries = migration.history().size();

		assertThat(migration.rollBack(judged, readiness, "stale")).isNull();
		assertThat(migration.rollout()).isEqualTo(judged.with(MigrationMode.NEW, 5_000));
		assertThat(migration.history()).hasSize(entries);
		Migration old = migration("pricing-v2", Rollout.full(MigrationMode.OLD, "pricing-v2"), ROLLBACK_AFTER_2);
		assertThat(old.rollBack(old.rollout(), readiness, "nothing comes before OLD")).isNull();
		assertThat(old.effectiveMode()).isEqualTo(MigrationMode.OLD);
		assertThat(old.history()).hasSize(1);
	}

	record Rollback(Migration migration, ModeChange change, Readiness readiness) {
	}

	static final class Rollbacks implements MigrationListener {

		final List<Rollback> rollbacks = new CopyOnWriteArrayList<>();

		final List<ModeChange> modeChanges = new CopyOnWriteArrayList<>();

		volatile boolean failing;

		@Override
		public void onModeChange(Migration migration, ModeChange change) {
			this.modeChanges.add(change);
		}

		@Override
		public void onRollback(Migration migration, ModeChange change, Readiness readiness) {
			this.rollbacks.add(new Rollback(migration, change, readiness));
			if (this.failing) {
				throw new IllegalStateException("listener failure");
			}
		}

	}

}
