package io.github.phasedmigration.core.engine;

import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.rollout.Bucketing;
import io.github.phasedmigration.core.rollout.Percentage;
import io.github.phasedmigration.core.rollout.Rollout;

/**
 * Chooses each call's mode from its migration's {@link Rollout}, as the contract's "Rollout
 * inside a mode" says: a key on the allow-list gets the configured mode (and in SHADOW its
 * secondary); else, with a migration
 * key, the call is in when its canary bucket is below {@code percentage * 100} (sticky: the same
 * key lands on the same side on every instance and after restarts), without one at random; a
 * call that is out gets the mode just before. A read that ends up in SHADOW runs its secondary
 * only when its sample bucket (another seed) is below the sample rate, and runs as OLD otherwise.
 * Writes are always sampled: a skipped second write would be a lost write. A key that evaluates to
 * {@code null} is chosen at random; a key that cannot be evaluated (it throws) puts the call out,
 * in the mode before.
 */
public final class RolloutModeResolver implements ModeResolver {

	@Override
	public MigrationMode resolve(Migration migration, MigrationCall call) {
		Rollout rollout = migration.rollout();
		if (rollout.isUniform()) {
			return rollout.mode(); // the common case: no key, no hash
		}
		String key;
		try {
			key = call.key();
		}
		catch (RuntimeException ex) {
			// a key that cannot be evaluated for this call: out of the canary and unsampled, the safe side,
			// and the same side on every call (a random choice would flip it between old and new)
			MigrationMode before = rollout.mode().previous();
			return (before == MigrationMode.SHADOW && call.kind() == MigrationKind.READ
					&& rollout.sampleBasisPoints() < Percentage.FULL) ? MigrationMode.OLD : before;
		}
		if (key != null && rollout.allowList().contains(key)) {
			return rollout.mode(); // allowed keys get the configured mode, and in SHADOW always their secondary
		}
		MigrationMode mode = rollout.mode();
		if (rollout.basisPoints() < Percentage.FULL
				&& !in(rollout.basisPoints(), rollout.salt(), key, Bucketing.CANARY_SEED)) {
			mode = mode.previous();
		}
		if (mode == MigrationMode.SHADOW && call.kind() == MigrationKind.READ
				&& rollout.sampleBasisPoints() < Percentage.FULL
				&& !in(rollout.sampleBasisPoints(), rollout.salt(), key, Bucketing.SAMPLE_SEED)) {
			return MigrationMode.OLD;
		}
		return mode;
	}

	private static boolean in(int basisPoints, String salt, @Nullable String key, int seed) {
		if (basisPoints == 0) {
			return false;
		}
		int bucket = (key != null) ? Bucketing.bucket(seed, salt, key)
				: ThreadLocalRandom.current().nextInt(Bucketing.BUCKETS);
		return bucket < basisPoints;
	}


}
