package io.github.phasedmigration.core.rollout;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.CallKey;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.engine.MigrationCall;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * Migrations with a rollout, each in a registry of its own (one "instance" of the application),
 * and calls whose first argument is their key.
 */
final class RolloutFixture {

	static final MigrationSettings SETTINGS = new MigrationSettings(Duration.ofMillis(500), true, false, false,
			false, new DeepEqualsComparator());

	/** The first argument, as text. */
	static final CallKey FIRST_ARGUMENT = (arguments) -> (String) arguments[0];

	private RolloutFixture() {
	}

	/** A migration registered in a registry of its own, as on a freshly started instance. */
	static Migration migration(String name, Rollout rollout) {
		MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS, new MigrationListener() {
		}, Clock.systemUTC());
		return registry.register(name, rollout, SETTINGS);
	}

	/** A rollout salted with the migration's name, no allow-list, every SHADOW read sampled. */
	static Rollout rollout(MigrationMode mode, String percentage, String migration) {
		return new Rollout(mode, Percentage.parse("percentage", percentage), migration, Set.of(), Percentage.FULL);
	}

	static MigrationCall read(String key) {
		return call(MigrationKind.READ, key, FIRST_ARGUMENT);
	}

	static MigrationCall write(String key) {
		return call(MigrationKind.WRITE, key, FIRST_ARGUMENT);
	}

	static MigrationCall call(MigrationKind kind, Object argument, CallKey callKey) {
		return new MigrationCall("Svc.find(..)", new Object[] { argument }, kind, false, () -> "old", () -> "new",
				null, null, callKey);
	}

	/** A call of a method without a migration key. */
	static MigrationCall keyless(MigrationKind kind) {
		return new MigrationCall("Svc.find(..)", new Object[] { "ignored" }, kind, false, () -> "old", () -> "new");
	}

	static String customer(int i) {
		return "customer-" + i;
	}

	static Set<String> keys(String... keys) {
		return Set.of(keys);
	}

}
