package io.github.phasedmigration.core.discrepancy;

import java.time.Duration;

/**
 * How discrepancies are kept and logged, the same for all migrations.
 *
 * @param ringSize how many recent discrepancies each migration keeps
 * @param sampleRate share (0.0 to 1.0) of discrepancies kept in the ring; all are counted
 * @param maxRenderedLength longest rendering of arguments or of one result, in characters
 * @param logLimit most discrepancy log lines per migration within one {@code logInterval}
 * @param logInterval the window of {@code logLimit}
 */
public record DiscrepancySettings(int ringSize, double sampleRate, int maxRenderedLength, int logLimit,
		Duration logInterval) {

	/** 50 kept, all sampled, 2000 characters, 10 log lines a minute. */
	public static final DiscrepancySettings DEFAULTS = new DiscrepancySettings(50, 1.0, 2000, 10,
			Duration.ofMinutes(1));

	public DiscrepancySettings {
		if (ringSize < 0) {
			throw new IllegalArgumentException("ringSize must be >= 0, was " + ringSize);
		}
		if (sampleRate < 0 || sampleRate > 1) {
			throw new IllegalArgumentException("sampleRate must be between 0.0 and 1.0, was " + sampleRate);
		}
		if (maxRenderedLength < 16) {
			throw new IllegalArgumentException("maxRenderedLength must be >= 16, was " + maxRenderedLength);
		}
		if (logLimit < 0) {
			throw new IllegalArgumentException("logLimit must be >= 0, was " + logLimit);
		}
	}

}
