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

}
