package io.github.phasedmigration.core.criteria;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.Migration;
import io.github.phasedmigration.core.ModeChange;
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
	 */
	public static ModeChange apply(Migration migration, Rollout target, boolean force, String source,
			@Nullable String principal, @Nullable String reason) {
		if (!target.mode().isAfter(migration.effectiveMode())) {
			return migration.override(target, source, principal, reason, false, Map.of());
		}
		Readiness readiness = migration.readiness(target.mode());
		if (readiness.ready()) {
			return migration.override(target, source, principal, reason, false, Map.of());
		}
		if (!force) {
			throw new NotReadyException(migration.name(), readiness);
		}
		return migration.override(target, source, principal, reason, true, readiness.measurements());
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
	 */
	public static @Nullable ModeChange reset(Migration migration, boolean force, String source,
			@Nullable String principal, @Nullable String reason) {
		Rollout declared = migration.declaredRollout();
		if (migration.overrideRollout() != null && declared.mode().isAfter(migration.effectiveMode())) {
			Readiness readiness = migration.readiness(declared.mode());
			if (!readiness.ready()) {
				if (!force) {
					throw new NotReadyException(migration.name(), readiness);
				}
				// a forced step forward is recorded as such, as by apply
				return migration.resetOverride(source, principal, reason, true, readiness.measurements());
			}
		}
		return migration.resetOverride(source, principal, reason);
	}

}
