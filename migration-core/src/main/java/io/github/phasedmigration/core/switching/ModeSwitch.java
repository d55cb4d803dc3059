package io.github.phasedmigration.core.switching;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.ModeChange;
import io.github.phasedmigration.core.rollout.Rollout;

/**
 * A switch asked by a person, gated by the success criteria: a step forward to a later mode whose
 * criteria the window does not meet is refused, unless forced (and then recorded as forced, with
 * the measured values). Rolling back, and changing the percentage, allow-list or sample rate within
 * a mode, are always allowed. Dropping an override is gated the same way when the declared mode
 * comes after the effective one.
 */
public final class ModeSwitch {

	private ModeSwitch() {
	}

	/**
	 * Overrides the migration's rollout, if its criteria allow.
	 * @param migration the migration
	 * @param target the rollout asked for
	 * @param force whether to step forward past unmet criteria
	 * @param source where the request came from
	 * @param principal who asked, if known
	 * @param reason why, if given
	 * @return the recorded change
	 * @throws NotReadyException for a step forward that is not ready, without force
	 * @throws ConcurrentSwitchException when the rollout changed while the switch was judged
	 */
	public static ModeChange apply(Migration migration, Rollout target, boolean force, String source,
			@Nullable String principal, @Nullable String reason) {
		return apply(migration, migration.rollout(), target, force, source, principal, reason);
	}

	/**
	 * Overrides the migration's rollout, if its criteria allow and the rollout is still the one the
	 * request was built on.
	 * @param migration the migration
	 * @param expected the effective rollout the target was built from
	 * @param target the rollout asked for
	 * @param force whether to step forward past unmet criteria
	 * @param source where the request came from
	 * @param principal who asked, if known
	 * @param reason why, if given
	 * @return the recorded change
	 * @throws NotReadyException for a step forward that is not ready, without force
	 * @throws ConcurrentSwitchException when the rollout changed in between (an automatic rollback,
	 * another request): nothing changed, and the request may be sent again
	 */
	public static ModeChange apply(Migration migration, Rollout expected, Rollout target, boolean force,
			String source, @Nullable String principal, @Nullable String reason) {
		Gate gate = gate(migration, expected, target.mode(), force);
		ModeChange change = migration.overrideIf(expected, target, source, principal, reason, gate.forced(),
				gate.measurements());
		if (change == null) {
			throw new ConcurrentSwitchException(migration.name(), expected, migration.rollout());
		}
		return change;
	}

	/**
	 * Drops the migration's override, if its criteria allow: when the declared mode comes after the
	 * effective one (after an automatic rollback, say), the reset is a step forward and gated as one.
	 * @param migration the migration
	 * @param force whether to step forward past unmet criteria
	 * @param source where the request came from
	 * @param principal who asked, if known
	 * @param reason why, if given
	 * @return the recorded change, or {@code null} when there was no override
	 * @throws NotReadyException for a step forward that is not ready, without force
	 * @throws ConcurrentSwitchException when the rollout changed while the reset was judged
	 */
	public static @Nullable ModeChange reset(Migration migration, boolean force, String source,
			@Nullable String principal, @Nullable String reason) {
		Rollout expected = migration.rollout();
		if (migration.overrideRollout() == null) {
			return null;
		}
		Gate gate = gate(migration, expected, migration.declaredRollout().mode(), force);
		ModeChange change = migration.resetOverrideIf(expected, source, principal, reason, gate.forced(),
				gate.measurements());
		if (change == null && migration.overrideRollout() != null) {
			throw new ConcurrentSwitchException(migration.name(), expected, migration.rollout());
		}
		return change;
	}

	/**
	 * Judges a step to a mode: nothing to judge backwards or within the mode; forward, the window
	 * must meet the target's criteria, or the step is forced and recorded with the measurements.
	 * @throws NotReadyException for a step forward that is not ready, without force
	 */
	private static Gate gate(Migration migration, Rollout expected, MigrationMode target, boolean force) {
		Readiness readiness = unmet(migration, expected.mode(), target);
		if (readiness == null) {
			return Gate.OPEN;
		}
		if (!force) {
			throw new NotReadyException(migration.name(), readiness);
		}
		return new Gate(true, readiness.measurements());
	}

	/**
	 * The success criteria a step from one mode to another leaves unmet.
	 * @param migration the migration, whose window is judged
	 * @param from the mode now
	 * @param target the mode asked for
	 * @return the readiness for the target when the step goes forward and is not ready;
	 * {@code null} when it goes back, stays in the mode, or is ready
	 */
	public static @Nullable Readiness unmet(Migration migration, MigrationMode from, MigrationMode target) {
		if (!target.isAfter(from)) {
			return null;
		}
		Readiness readiness = migration.readiness(target);
		return readiness.ready() ? null : readiness;
	}

	private record Gate(boolean forced, Map<String, String> measurements) {

		static final Gate OPEN = new Gate(false, Map.of());

	}

}
