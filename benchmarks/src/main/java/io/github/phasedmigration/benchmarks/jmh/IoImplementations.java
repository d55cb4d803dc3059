package io.github.phasedmigration.benchmarks.jmh;

import java.util.concurrent.locks.LockSupport;

import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Implementations that wait like a call to a database or a downstream service: old ~1 ms, new
 * ~2 ms, both by parking the thread, and both returning the same answer so that every comparison
 * matches. The starter's migrations get one annotated class per mode; the peers call
 * {@link OldSource} and {@link NewSource} directly.
 */
public final class IoImplementations {

	static final long OLD_NANOS = 1_000_000;

	static final long NEW_NANOS = 2_000_000;

	private IoImplementations() {
	}

	static Answer answer(long id) {
		return new Answer(id * 31 + 7);
	}

	/** The old implementation, as it is before any migration (also the baseline {@code directOld}). */
	public static class OldSource {

		public Answer fetch(long id) {
			LockSupport.parkNanos(OLD_NANOS);
			return answer(id);
		}

	}

	/** The new implementation, for the starter ({@code newImpl}) and for the peers. */
	public static class NewSource {

		public Answer fetch(long id) {
			LockSupport.parkNanos(NEW_NANOS);
			return answer(id);
		}

	}

	public static class OldModeSource extends OldSource {

		@Override
		@PhasedMigration(name = "io-old", newImpl = NewSource.class)
		public Answer fetch(long id) {
			return super.fetch(id);
		}

	}

	public static class ShadowModeSource extends OldSource {

		@Override
		@PhasedMigration(name = "io-shadow", newImpl = NewSource.class)
		public Answer fetch(long id) {
			return super.fetch(id);
		}

	}

	public static class ReverseShadowModeSource extends OldSource {

		@Override
		@PhasedMigration(name = "io-reverse-shadow", newImpl = NewSource.class)
		public Answer fetch(long id) {
			return super.fetch(id);
		}

	}

	public static class NewModeSource extends OldSource {

		@Override
		@PhasedMigration(name = "io-new", newImpl = NewSource.class)
		public Answer fetch(long id) {
			return super.fetch(id);
		}

	}

}
