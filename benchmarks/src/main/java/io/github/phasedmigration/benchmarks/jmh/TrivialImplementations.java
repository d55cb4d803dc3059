package io.github.phasedmigration.benchmarks.jmh;

import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Implementations that cost next to nothing, so that the benchmark measures the machinery around
 * them. Old and new compute the same, so that every comparison matches. One migration per mode,
 * because the mode belongs to the migration.
 */
public final class TrivialImplementations {

	private TrivialImplementations() {
	}

	static long compute(long x) {
		return x * 31 + 7;
	}

	/** The plain target: called directly, and through a proxy with the empty aspect. */
	public static class Computer {

		@Intercepted
		public long compute(long x) {
			return TrivialImplementations.compute(x);
		}

	}

	/** The new implementation of every trivial migration. */
	public static class NewComputer {

		public long compute(long x) {
			return TrivialImplementations.compute(x);
		}

	}

	public static class OldModeComputer {

		@PhasedMigration(name = "trivial-old", newImpl = NewComputer.class)
		public long compute(long x) {
			return TrivialImplementations.compute(x);
		}

	}

	public static class ShadowModeComputer {

		@PhasedMigration(name = "trivial-shadow", newImpl = NewComputer.class)
		public long compute(long x) {
			return TrivialImplementations.compute(x);
		}

	}

	public static class ReverseShadowModeComputer {

		@PhasedMigration(name = "trivial-reverse-shadow", newImpl = NewComputer.class)
		public long compute(long x) {
			return TrivialImplementations.compute(x);
		}

	}

	public static class NewModeComputer {

		@PhasedMigration(name = "trivial-new", newImpl = NewComputer.class)
		public long compute(long x) {
			return TrivialImplementations.compute(x);
		}

	}

	/** OLD with {@code percentage: 100} set explicitly: the uniform rollout, decided without a key or a hash. */
	public static class FullRolloutOldComputer {

		@PhasedMigration(name = "trivial-old-full-rollout", newImpl = NewComputer.class)
		public long compute(long x) {
			return TrivialImplementations.compute(x);
		}

	}

	/**
	 * NEW at 50%, sticky by the migration key {@code #x}: every call evaluates the key and hashes
	 * it. The benchmark's argument lands in the canary, so that every call runs NEW, as
	 * {@link NewModeComputer} does: the difference between the two is the decision.
	 */
	public static class StickyCanaryComputer {

		@PhasedMigration(name = "trivial-sticky-canary", newImpl = NewComputer.class, key = "#x")
		public long compute(long x) {
			return TrivialImplementations.compute(x);
		}

	}

	/** SHADOW with {@code sample-rate: 0.1}: one read in ten runs its secondary, the others run as OLD. */
	public static class SampledShadowComputer {

		@PhasedMigration(name = "trivial-shadow-sampled", newImpl = NewComputer.class)
		public long compute(long x) {
			return TrivialImplementations.compute(x);
		}

	}

}
