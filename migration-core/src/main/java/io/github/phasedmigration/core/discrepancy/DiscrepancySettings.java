package io.github.phasedmigration.core.discrepancy;

import java.time.Duration;

import io.github.phasedmigration.core.InvalidSettingException;

/**
 * How discrepancies are kept and logged, the same for all migrations.
 *
 * @param ringSize how many recent discrepancies each migration keeps
 * @param sampleRate share (0.0 to 1.0) of discrepancies kept in the ring; all are counted
 * @param maxRenderedLength longest rendering of arguments or of one result, in characters
 * @param logLimit most discrepancy log lines per migration within one {@code logInterval}
 * @param logInterval the window of {@code logLimit}, positive
 */
public record DiscrepancySettings(int ringSize, double sampleRate, int maxRenderedLength, int logLimit,
		Duration logInterval) {

	/** 50 kept, all sampled, 2000 characters, 10 log lines a minute. */
	public static final DiscrepancySettings DEFAULTS = new DiscrepancySettings(50, 1.0, 2000, 10,
			Duration.ofMinutes(1));

	public DiscrepancySettings {
		InvalidSettingException.require(ringSize >= 0, "ring-size", ringSize, "0 or more");
		InvalidSettingException.require(sampleRate >= 0 && sampleRate <= 1, "sample-rate", sampleRate,
				"between 0.0 and 1.0");
		InvalidSettingException.require(maxRenderedLength >= 16, "max-rendered-length", maxRenderedLength,
				"at least 16");
		InvalidSettingException.require(logLimit >= 0, "log-limit", logLimit, "0 or more");
		InvalidSettingException.requirePositive("log-interval", logInterval, "1m");
	}

}
