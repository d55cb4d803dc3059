package io.github.phasedmigration.core.switching;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.criteria.CallWindow;
import io.github.phasedmigration.core.criteria.Verdict;
import io.github.phasedmigration.core.criteria.WindowStats;
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
 * {@link ModeSwitch}: a step forward past unmet success criteria is refused (the endpoint's 409)
 * unless forced, and a forced one is recorded as such with the measurements; rolling back, changing
 * the percentage within a mode and OLD to SHADOW are always allowed.
 */
class GatedModeSwitchTest {

	private static final Instant T0 = Instant.parse("2030-01-02T03:00:00Z");

	private static final String NAME = "customer-source";

	private final MutableClock clock = new MutableClock(T0);

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS,
			new MigrationListener() {
			}, this.clock);

	private Migration migration(MigrationMode mode) {
		return this.registry.register(NAME, mode,
				new MigrationSettings(Duration.ofMillis(500), true, false, false, false, new DeepEqualsComparator()));
	}

	private static Rollout rollout(MigrationMode mode, int basisPoints) {
		return new Rollout(mode, basisPoints, NAME, Set.of(), 10_000);
	}

	/** One closed bucket of 1,000 calls per side, 10 ms each, with that many errors of new and mismatches. */
	private void closedBucket(Migration migration, int newErrors, int mismatches) {
		CallWindow window = migration.window();
		for (int i = 0; i < 1_000; i++) {
			window.call(Impl.OLD, true, 10_000_000);
			window.call(Impl.NEW, i >= newErrors, 10_000_000);
			window.comparison((i < mismatches) ? ComparisonResult.MISMATCH : ComparisonResult.MATCH);
		}
		this.clock.advance(Duration.ofMinutes(1));
		window.rotate(this.clock.instant(), Duration.ofMinutes(1), 10);
	}

	@Test
	void aStepForwardWithoutEnoughCallsIsRefusedNamingTheUnmetCriteriaAndChangesNothing() {
		Migration migration = migration(MigrationMode.SHADOW);
		List<ModeChange> before = migration.history();

		assertThatExceptionOfType(NotReadyException.class)
			.isThrownBy(() -> ModeSwitch.apply(migration, rollout(MigrationMode.REVERSE_SHADOW, 500), false,
					"actuator", "alice", "canary"))
			.withMessageContaining("Migration 'customer-source' is not ready for REVERSE_SHADOW")
			.withMessageContaining("min-calls inconclusive: old ran 0 times, new 0 times")
			.withMessageContaining("\"force\": true")
			.satisfies((ex) -> {
				assertThat(ex.readiness().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
				assertThat(ex.readiness().target()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			});

		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(migration.overrideRollout()).isNull();
		assertThat(migration.history()).isEqualTo(before);
	}

	@Test
	void aStepForwardPastFailingCriteriaIsRefusedWithTheFailingOnesInTheMessage() {
		Migration migration = migration(MigrationMode.REVERSE_SHADOW);
		closedBucket(migration, 0, 5); // 0.5% differ: fine for REVERSE_SHADOW, too many for NEW
		long windowCalls = migration.window().stats(0.99).newCalls();

		assertThatExceptionOfType(NotReadyException.class)
			.isThrownBy(() -> ModeSwitch.apply(migration, rollout(MigrationMode.NEW, 10_000), false, "actuator",
					"alice", null))
			.withMessageContaining("discrepancy-rate fail: 5 of 1000 comparisons differed (0.5%), at most 0.1% allowed")
			.withMessageNotContaining("new-error-rate")
			.withMessageNotContaining("min-calls");

		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(migration.window().stats(0.99).newCalls()).as("a refused switch keeps the evidence")
			.isEqualTo(windowCalls);
	}

	@Test
	void aForcedStepForwardIsAppliedAndRecordedAsForcedWithTheMeasurements() {
		Migration migration = migration(MigrationMode.SHADOW);
		closedBucket(migration, 50, 0); // new fails 5%, old never

		ModeChange change = ModeSwitch.apply(migration, rollout(MigrationMode.REVERSE_SHADOW, 500), true, "actuator",
				"alice", "we know why");

		assertThat(change.forced()).isTrue();
		assertThat(change.from()).isEqualTo(MigrationMode.SHADOW);
		assertThat(change.to()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(change.percentage()).isEqualTo(5.0);
		assertThat(change.principal()).isEqualTo("alice");
		assertThat(change.reason()).isEqualTo("we know why");
		assertThat(change.measurements()).containsOnlyKeys("min-calls", "discrepancy-rate", "new-error-rate",
				"latency-ratio");
		assertThat(change.measurements().get("new-error-rate")).startsWith("fail: new failed 5% of 1000 calls");
		assertThat(change.measurements().get("min-calls")).startsWith("pass: ");
		assertThat(migration.rollout()).isEqualTo(rollout(MigrationMode.REVERSE_SHADOW, 500));
		assertThat(migration.history()).last().isEqualTo(change);
	}

	@Test
	void aReadyStepForwardIsAppliedUnforced() {
		Migration migration = migration(MigrationMode.SHADOW);
		closedBucket(migration, 0, 0);

		ModeChange change = ModeSwitch.apply(migration, rollout(MigrationMode.REVERSE_SHADOW, 10_000), false,
				"actuator", "alice", null);

		assertThat(change.forced()).isFalse();
		assertThat(change.to()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(migration.window().stats(0.99)).as("a new mode needs its own evidence")
			.isEqualTo(WindowStats.EMPTY);
	}

	@Test
	void skippingAModeIsJudgedByTheTargetsStricterCriteria() {
		Migration migration = migration(MigrationMode.SHADOW);
		closedBucket(migration, 0, 5); // 0.5% differ

		ModeSwitch.apply(migration, rollout(MigrationMode.REVERSE_SHADOW, 10_000), false, "actuator", null, null);
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);

		Migration other = this.registry.register("pricing-v2", MigrationMode.SHADOW, migration.settings());
		closedBucket(other, 0, 5); // the same 0.5%: too many for NEW
		assertThatExceptionOfType(NotReadyException.class).isThrownBy(() -> ModeSwitch.apply(other,
				new Rollout(MigrationMode.NEW, 10_000, "pricing-v2", Set.of(), 10_000), false, "actuator", null, null));
		assertThat(other.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
	}

	@Test
	void rollingBackIsAlwaysAllowedWhateverTheWindow() {
		Migration migration = migration(MigrationMode.NEW);
		closedBucket(migration, 1_000, 1_000); // everything of new fails

		ModeChange toReverseShadow = ModeSwitch.apply(migration, rollout(MigrationMode.REVERSE_SHADOW, 10_000),
				false, "actuator", "alice", "rollback");
		ModeChange toOld = ModeSwitch.apply(migration, rollout(MigrationMode.OLD, 10_000), false, "actuator", "alice",
				"rollback");

		assertThat(toReverseShadow.to()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(toReverseShadow.forced()).isFalse();
		assertThat(toReverseShadow.measurements()).isEmpty();
		assertThat(toOld.to()).isEqualTo(MigrationMode.OLD);
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.OLD);
	}

	@Test
	void changingThePercentageWithinAModeIsNotGated() {
		Migration migration = migration(MigrationMode.SHADOW);
		ModeSwitch.apply(migration, rollout(MigrationMode.REVERSE_SHADOW, 100), true, "actuator", "alice", "1%");
		closedBucket(migration, 1_000, 1_000); // failing badly, and still a person may widen the canary

		ModeChange wider = ModeSwitch.apply(migration, rollout(MigrationMode.REVERSE_SHADOW, 5_000), false,
				"actuator", "alice", "50%");
		ModeChange narrower = ModeSwitch.apply(migration, rollout(MigrationMode.REVERSE_SHADOW, 1), false, "actuator",
				"alice", "0.01%");

		assertThat(wider.fromPercentage()).isEqualTo(1.0);
		assertThat(wider.percentage()).isEqualTo(50.0);
		assertThat(wider.forced()).isFalse();
		assertThat(narrower.percentage()).isEqualTo(0.01);
		assertThat(migration.rollout()).isEqualTo(rollout(MigrationMode.REVERSE_SHADOW, 1));
	}

	@Test
	void oldToShadowIsAlwaysAllowed() {
		Migration migration = migration(MigrationMode.OLD);

		ModeChange change = ModeSwitch.apply(migration, rollout(MigrationMode.SHADOW, 10_000), false, "actuator",
				"alice", null);

		assertThat(change.from()).isEqualTo(MigrationMode.OLD);
		assertThat(change.to()).isEqualTo(MigrationMode.SHADOW);
		assertThat(change.forced()).isFalse();
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
	}

	// ---- dropping an override

	@Test
	void droppingAnOverrideBackToALaterDeclaredModeIsGatedLikeAStepForward() {
		Migration migration = migration(MigrationMode.REVERSE_SHADOW);
		migration.override(MigrationMode.SHADOW, "actuator", "alice", "hold on");
		List<ModeChange> before = migration.history();

		assertThatExceptionOfType(NotReadyException.class)
			.isThrownBy(() -> ModeSwitch.reset(migration, false, "actuator", "bob", "resume"))
			.withMessageContaining("not ready for REVERSE_SHADOW")
			.withMessageContaining("min-calls inconclusive");

		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(migration.overrideRollout()).isNotNull();
		assertThat(migration.history()).isEqualTo(before);
	}

	@Test
	void aForcedDropOfAnOverrideIsRecordedAsForcedWithTheMeasurements() {
		Migration migration = migration(MigrationMode.REVERSE_SHADOW);
		migration.override(MigrationMode.SHADOW, "actuator", "alice", "hold on");

		ModeChange change = ModeSwitch.reset(migration, true, "actuator", "bob", "resume anyway");

		assertThat(change.action()).isEqualTo("reset");
		assertThat(change.from()).isEqualTo(MigrationMode.SHADOW);
		assertThat(change.to()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(change.forced()).isTrue();
		assertThat(change.measurements()).containsKey("min-calls");
		assertThat(migration.overrideRollout()).isNull();
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
	}

	@Test
	void aReadyDropOfAnOverrideIsNotForced() {
		Migration migration = migration(MigrationMode.REVERSE_SHADOW);
		migration.override(MigrationMode.SHADOW, "actuator", "alice", "hold on");
		closedBucket(migration, 0, 0);

		ModeChange change = ModeSwitch.reset(migration, true, "actuator", "bob", "resume");

		assertThat(change.forced()).isFalse();
		assertThat(change.measurements()).isEmpty();
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
	}

	@Test
	void droppingAnOverrideBackToAnEarlierDeclaredModeIsAlwaysAllowed() {
		Migration migration = migration(MigrationMode.SHADOW);
		ModeSwitch.apply(migration, rollout(MigrationMode.NEW, 10_000), true, "actuator", "alice", "forced");
		closedBucket(migration, 1_000, 1_000);

		ModeChange change = ModeSwitch.reset(migration, false, "actuator", "bob", "back");

		assertThat(change.to()).isEqualTo(MigrationMode.SHADOW);
		assertThat(change.forced()).isFalse();
		assertThat(ModeSwitch.reset(migration, false, "actuator", "bob", "nothing to drop")).isNull();
	}

}
