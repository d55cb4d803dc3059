package io.github.phasedmigration.core.backfill;

import java.time.Duration;
import java.util.Objects;

/**
 * How one verify runs.
 *
 * @param repair whether what differs is repaired: the authoritative side's version is written to
 * the other side (new in OLD and SHADOW, old in REVERSE_SHADOW; refused in NEW)
 * @param deleteExtra whether repair deletes records that only the other side holds; when not, they
 * are only reported. Needs {@code repair}
 * @param chunkSize keys compared at a time, and records read from each side per page
 * @param recheckDelay wait before keys that differ are read again, so that writes in flight when
 * they were first read are not counted
 * @param sampleSize the most differences of each kind listed in the report; all are counted
 */
public record VerifyOptions(boolean repair, boolean deleteExtra, int chunkSize, Duration recheckDelay,
		int sampleSize) {

	public VerifyOptions {
		Objects.requireNonNull(recheckDelay, "recheckDelay");
		if (deleteExtra && !repair) {
			throw new IllegalArgumentException("deleteExtra applies only to a repair: set repair as well");
		}
		if (chunkSize < 1) {
			throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
		}
		if (recheckDelay.isNegative()) {
			throw new IllegalArgumentException("recheckDelay must be 0 or more, was " + recheckDelay);
		}
		if (sampleSize < 0) {
			throw new IllegalArgumentException("sampleSize must be 0 or more, was " + sampleSize);
		}
	}

	/** Only verify, in chunks of 1000, re-checking after 2 s, listing up to 20 differences of each kind. */
	public static VerifyOptions defaults() {
		return new VerifyOptions(false, false, 1000, Duration.ofSeconds(2), 20);
	}

}
