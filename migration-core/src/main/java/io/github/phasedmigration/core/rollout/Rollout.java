package io.github.phasedmigration.core.rollout;

import java.util.Objects;
import java.util.Set;

import io.github.phasedmigration.core.MigrationMode;

/**
 * Which calls of a migration get which mode: {@code percentage} of them get {@code mode}, the rest
 * the mode just before it; keys on the allow-list always get {@code mode}; of the calls that run
 * SHADOW reads, {@code sampleRate} run their secondary.
 *
 * @param mode the configured mode
 * @param basisPoints the share of calls that get it, in hundredths of a percent (0 to 10000)
 * @param salt the salt of the canary's buckets (the migration's name by default)
 * @param allowList keys that always get the configured mode
 * @param sampleBasisPoints the share of SHADOW reads whose secondary runs, in hundredths of a
 * percent (0 to 10000)
 */
public record Rollout(MigrationMode mode, int basisPoints, String salt, Set<String> allowList,
		int sampleBasisPoints) {

	public Rollout {
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(salt, "salt");
		allowList = Set.copyOf(allowList);
		requireBasisPoints("percentage", basisPoints);
		requireBasisPoints("sample rate", sampleBasisPoints);
	}

	/** Every call in {@code mode}, salted with the migration's name, no allow-list, every SHADOW read sampled. */
	public static Rollout full(MigrationMode mode, String migration) {
		return new Rollout(mode, Percentage.FULL, migration, Set.of(), Percentage.FULL);
	}

	/** The percentage, 0 to 100. */
	public double percentage() {
		return Percentage.of(this.basisPoints);
	}

	/** The sample rate, 0 to 1. */
	public double sampleRate() {
		return this.sampleBasisPoints / (double) Percentage.FULL;
	}

	/** Whether every call gets the configured mode and every SHADOW read runs its secondary. */
	public boolean isUniform() {
		return this.basisPoints == Percentage.FULL && this.sampleBasisPoints == Percentage.FULL;
	}

	/** A copy in another mode at another percentage; salt, allow-list and sample rate stay. */
	public Rollout with(MigrationMode mode, int basisPoints) {
		return new Rollout(mode, basisPoints, this.salt, this.allowList, this.sampleBasisPoints);
	}

	/** A copy with another allow-list. */
	public Rollout withAllowList(Set<String> allowList) {
		return new Rollout(this.mode, this.basisPoints, this.salt, allowList, this.sampleBasisPoints);
	}

	/** A copy with another sample rate. */
	public Rollout withSampleBasisPoints(int sampleBasisPoints) {
		return new Rollout(this.mode, this.basisPoints, this.salt, this.allowList, sampleBasisPoints);
	}

	@Override
	public String toString() {
		return (this.basisPoints == Percentage.FULL) ? this.mode.name()
				: this.mode.name() + " at " + Percentage.format(this.basisPoints);
	}

	private static void requireBasisPoints(String what, int value) {
		if (value < 0 || value > Percentage.FULL) {
			throw new IllegalArgumentException(what + " must be 0 to " + Percentage.FULL + " hundredths of a percent, was "
					+ value);
		}
	}

}
