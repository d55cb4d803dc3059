package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.engine.EngineFixture.RecordingListener;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.registry.ModeChange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Declared mode, override and reset, and the history that records every change. */
class MigrationHistoryTest {

	private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

	private final RecordingListener listener = new RecordingListener();

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS, this.listener,
			Clock.fixed(NOW, ZoneOffset.UTC));

	private final Migration migration = this.registry.register("customer-source", MigrationMode.OLD,
			EngineFixture.settings());

	/** The first entry of every history: the mode declared at start-up. */
	private static final ModeChange START = new ModeChange(NOW, MigrationMode.OLD, MigrationMode.OLD, "config",
			"start", null, "declared at start-up");

	@Test
	void aNewMigrationHasItsDeclaredModeAndRecordsItAsItsStart() {
		assertThat(this.migration.declaredMode()).isEqualTo(MigrationMode.OLD);
		assertThat(this.migration.overrideMode()).isNull();
		assertThat(this.migration.effectiveMode()).isEqualTo(MigrationMode.OLD);
		assertThat(this.migration.history()).containsExactly(START);
	}

	@Test
	void anOverrideWinsAndIsRecordedWithWhoAndWhy() {
		ModeChange change = this.migration.override(MigrationMode.SHADOW, "actuator", "alice", "start shadowing");

		assertThat(change).isEqualTo(new ModeChange(NOW, MigrationMode.OLD, MigrationMode.SHADOW, "actuator",
				"override", "alice", "start shadowing"));
		assertThat(this.migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(this.migration.overrideMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(this.migration.declaredMode()).isEqualTo(MigrationMode.OLD);
		assertThat(this.migration.history()).containsExactly(START, change);
		assertThat(this.listener.modeChanges).containsExactly(change);
		assertThat(this.listener.modeChangeMigrations).containsExactly(this.migration);
	}

	@Test
	void resettingTheOverrideReturnsToTheDeclaredModeAndIsRecorded() {
		this.migration.override(MigrationMode.NEW, "actuator", "alice", "go");

		ModeChange reset = this.migration.resetOverride("actuator", "bob", "roll back");

		assertThat(reset).isEqualTo(new ModeChange(NOW, MigrationMode.NEW, MigrationMode.OLD, "actuator", "reset",
				"bob", "roll back"));
		assertThat(this.migration.effectiveMode()).isEqualTo(MigrationMode.OLD);
		assertThat(this.migration.overrideMode()).isNull();
		assertThat(this.migration.history()).extracting(ModeChange::action).containsExactly("start", "override", "reset");
	}

	@Test
	void resettingWithoutAnOverrideRecordsNothing() {
		assertThat(this.migration.resetOverride("actuator", "bob", null)).isNull();

		assertThat(this.migration.history()).containsExactly(START);
		assertThat(this.listener.modeChanges).isEmpty();
	}

	@Test
	void declaringAModeIsRecordedWithItsSource() {
		ModeChange change = this.migration.declare(MigrationMode.SHADOW, "refresh");

		assertThat(change).isEqualTo(new ModeChange(NOW, MigrationMode.OLD, MigrationMode.SHADOW, "refresh",
				"declare", null, null));
		assertThat(this.migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(this.migration.history()).containsExactly(START, change);
		assertThat(this.listener.modeChanges).containsExactly(change);
	}

	@Test
	void declaringTheSameModeAgainRecordsNothing() {
		assertThat(this.migration.declare(MigrationMode.OLD, "refresh")).isNull();

		assertThat(this.migration.history()).containsExactly(START);
		assertThat(this.listener.modeChanges).isEmpty();
	}

	@Test
	void declaringUnderAnOverrideKeepsTheOverrideAndSaysSo() {
		this.migration.override(MigrationMode.REVERSE_SHADOW, "actuator", "alice", null);

		ModeChange change = this.migration.declare(MigrationMode.SHADOW, "refresh");

		assertThat(change.from()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(change.to()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(change.reason()).contains("SHADOW").contains("override REVERSE_SHADOW stays in effect");
		assertThat(this.migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(this.migration.declaredMode()).isEqualTo(MigrationMode.SHADOW);

		ModeChange reset = this.migration.resetOverride("actuator", "alice", null);
		assertThat(reset.to()).as("the new declared mode applies after the reset").isEqualTo(MigrationMode.SHADOW);
	}

	@Test
	void theHistoryKeepsOnlyTheMostRecentChanges() {
		MigrationMode[] modes = MigrationMode.values();
		int changes = Migration.HISTORY_SIZE + 30;
		for (int i = 0; i < changes; i++) {
			this.migration.override(modes[i % modes.length], "actuator", "user-" + i, "change " + i);
		}

		// the start entry and the first 30 changes made room for the last 100
		assertThat(this.migration.history()).hasSize(Migration.HISTORY_SIZE).doesNotContain(START);
		assertThat(this.migration.history().get(0).principal()).as("oldest first").isEqualTo("user-30");
		assertThat(this.migration.history().get(Migration.HISTORY_SIZE - 1).reason())
			.isEqualTo("change " + (changes - 1));
		assertThat(this.listener.modeChanges).hasSize(changes);
	}

	@Test
	void theHistoryIsACopy() {
		this.migration.override(MigrationMode.SHADOW, "actuator", null, null);

		this.migration.history().clear();

		assertThat(this.migration.history()).hasSize(2);
	}

	@Test
	void anOverrideNeedsAMode() {
		assertThatNullPointerException().isThrownBy(() -> this.migration.override(null, "actuator", null, null));
		assertThat(this.migration.effectiveMode()).isEqualTo(MigrationMode.OLD);
	}

	@Test
	void changesOfTheAllowListSampleRateOrSaltAreRecordedWithTheirValues() {
		io.github.phasedmigration.core.rollout.Rollout declared = this.migration.declaredRollout();

		ModeChange change = this.migration.override(
				declared.withAllowList(java.util.Set.of("vip-2", "vip-1")).withSampleBasisPoints(1000), "actuator",
				"alice", "internal users", false, java.util.Map.of());

		assertThat(change.from()).isEqualTo(change.to());
		assertThat(change.rolloutChanges()).containsExactly(java.util.Map.entry("allowList", "[] -> [vip-1, vip-2]"),
				java.util.Map.entry("sampleRate", "1.0 -> 0.1"));
		assertThat(this.migration.history()).last().isEqualTo(change);
		assertThat(this.migration.override(MigrationMode.SHADOW, "actuator", "alice", "mode only").rolloutChanges())
			.as("back to the declared allow-list and sample rate")
			.containsOnlyKeys("allowList", "sampleRate");
		assertThat(this.migration.override(MigrationMode.NEW, "actuator", "alice", "mode only").rolloutChanges())
			.isEmpty();
	}

	@Test
	void updatedSettingsApplyToLaterCalls() {
		MigrationSettings other = EngineFixture.settings().withComparator((a, b) -> java.util.List.of("always"));

		this.migration.updateSettings(other);

		assertThat(this.migration.settings()).isSameAs(other);
		assertThat(this.migration).hasToString("Migration[customer-source, OLD]");
	}

}
