package io.github.phasedmigration.core.switching;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.registry.ModeChange;
import io.github.phasedmigration.core.rollout.Rollout;
import io.github.phasedmigration.core.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A switch judged on one rollout never applies to another (an automatic rollback in between), and
 * the monitor keeps judging every migration whatever a listener of one rollback throws; a canary at
 * 0% (only its allow-list in the mode) never rolls back by itself.
 */
class SwitchRacesAndMonitorRobustnessTest {

	private static final Instant T0 = Instant.parse("2030-01-02T03:00:00Z");

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static final CriteriaSettings ROLLBACK_AFTER_1 = new CriteriaSettings(MINUTE, 1, 100, 0.01, 0.001, 2.0,
			0.01, null, 0.99, 1.25, true, 1);

	private final MutableClock clock = new MutableClock(T0);

	private final AtomicInteger rollbacks = new AtomicInteger();

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS,
			new MigrationListener() {

				@Override
				public void onRollback(Migration migration, ModeChange change, Readiness readiness) {
					SwitchRacesAndMonitorRobustnessTest.this.rollbacks.incrementAndGet();
					if (migration.name().equals("first")) {
						throw new StackOverflowError("a pager listener gone wrong");
					}
				}

			}, this.clock);

	private final CriteriaMonitor monitor = new CriteriaMonitor(this.registry, this.clock);

	@AfterEach
	void close() {
		this.monitor.close();
	}

	private Migration migration(String name, Rollout rollout) {
		Migration migration = this.registry.register(name, rollout,
				new MigrationSettings(Duration.ofMillis(500), true, false, false, false, new DeepEqualsComparator()));
		migration.updateCriteria(ROLLBACK_AFTER_1);
		return migration;
	}

	private static Rollout rollout(String name, MigrationMode mode, int basisPoints) {
		return new Rollout(mode, basisPoints, name, Set.of(), 10_000);
	}

	/** A bucket in which new fails every call, closed by the monitor's tick. */
	private void failingBucket(Migration... migrations) {
		for (Migration migration : migrations) {
			for (int i = 0; i < 200; i++) {
				migration.window().call(Impl.OLD, true, 1_000_000);
				migration.window().call(Impl.NEW, false, 1_000_000);
				migration.window().comparison(ComparisonResult.MATCH);
			}
		}
		this.clock.advance(MINUTE);
		this.monitor.tick();
	}

	@Test
	void aSwitchJudgedOnARolloutThatChangedMeanwhileIsRefusedAndChangesNothing() {
		Migration migration = migration("first", rollout("first", MigrationMode.REVERSE_SHADOW, 10_000));
		Rollout seen = migration.rollout();
		// the monitor rolls back between the request's reading and its applying
		migration.rollBack(seen, migration.readiness(MigrationMode.REVERSE_SHADOW), "test");
		List<ModeChange> before = migration.history();

		assertThatExceptionOfType(ConcurrentSwitchException.class)
			.isThrownBy(() -> ModeSwitch.apply(migration, seen, seen.with(MigrationMode.NEW, 500), true, "actuator",
					"alice", "canary of new"))
			.withMessageContaining("changed from REVERSE_SHADOW to SHADOW");

		assertThat(migration.effectiveMode()).as("never two modes forward from SHADOW").isEqualTo(MigrationMode.SHADOW);
		assertThat(migration.history()).isEqualTo(before);
	}

	@Test
	void aRollbackListenerThatThrowsAnErrorNeitherStopsTheOtherMigrationsNorTheTicks() {
		Migration first = migration("first", rollout("first", MigrationMode.REVERSE_SHADOW, 10_000));
		Migration second = migration("second", rollout("second", MigrationMode.REVERSE_SHADOW, 10_000));

		failingBucket(first, second);

		assertThat(first.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(second.effectiveMode()).as("judged although the first's listener threw").isEqualTo(MigrationMode.SHADOW);
		assertThat(this.rollbacks).hasValue(2);
	}

	@Test
	void theScheduledTicksGoOnAfterAListenerThrowsAnError() {
		Migration first = migration("first", rollout("first", MigrationMode.REVERSE_SHADOW, 10_000));
		for (int i = 0; i < 200; i++) {
			first.window().call(Impl.OLD, true, 1_000_000);
			first.window().call(Impl.NEW, false, 1_000_000);
		}
		this.clock.advance(MINUTE);
		this.monitor.start(Duration.ofMillis(10));

		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> first.effectiveMode() == MigrationMode.SHADOW);
		// the window of SHADOW still closes its buckets on the same schedule
		first.window().call(Impl.OLD, true, 1_000_000);
		this.clock.advance(MINUTE);
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> first.window().stats(0.99).buckets() == 1 && first.window().stats(0.99).oldCalls() == 1);
	}

	@Test
	void aCanaryAtZeroPercentNeverRollsBackByItself() {
		Migration canary = migration("second",
				new Rollout(MigrationMode.REVERSE_SHADOW, 0, "second", Set.of("internal-1"), 10_000));

		failingBucket(canary);
		failingBucket(canary);

		assertThat(canary.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(canary.history()).extracting(ModeChange::source).doesNotContain("auto-rollback");
		assertThat(Map.of("rollbacks", this.rollbacks.get())).containsEntry("rollbacks", 0);
	}

}
