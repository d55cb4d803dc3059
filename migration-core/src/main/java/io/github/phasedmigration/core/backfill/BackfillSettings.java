package io.github.phasedmigration.core.backfill;

import java.time.Duration;
import java.util.Objects;

/**
 * How backfills run, the same for all migrations.
 *
 * @param chunkSize records read from old and written to new at a time, and between checkpoints
 * @param rowsPerSecond the most records copied per second, averaged over a run, so that old is
 * not hurt at its peak; 0 for no limit
 * @param lease how long a backfill's lease holds unless renewed (each checkpoint renews it):
 * another instance takes the backfill over this long after its instance died
 * @param logInterval pause between two progress lines in the log
 * @param pollInterval pause between two looks for backfills to take over
 * @param maxChunkAttempts attempts at a chunk before the backfill fails
 * @param retryBackoff wait between two attempts at a chunk
 */
public record BackfillSettings(int chunkSize, double rowsPerSecond, Duration lease, Duration logInterval,
		Duration pollInterval, int maxChunkAttempts, Duration retryBackoff) {

	public BackfillSettings {
		Objects.requireNonNull(lease, "lease");
		Objects.requireNonNull(logInterval, "logInterval");
		Objects.requireNonNull(pollInterval, "pollInterval");
		Objects.requireNonNull(retryBackoff, "retryBackoff");
		if (chunkSize < 1) {
			throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
		}
		if (!(rowsPerSecond >= 0) || Double.isInfinite(rowsPerSecond)) {
			throw new IllegalArgumentException(
					"rowsPerSecond must be 0 (no limit) or a positive number, was " + rowsPerSecond);
		}
		requirePositive("lease", lease);
		requirePositive("logInterval", logInterval);
		requirePositive("pollInterval", pollInterval);
		if (maxChunkAttempts < 1) {
			throw new IllegalArgumentException("maxChunkAttempts must be at least 1, was " + maxChunkAttempts);
		}
		if (retryBackoff.isNegative()) {
			throw new IllegalArgumentException("retryBackoff must be 0 or more, was " + retryBackoff);
		}
	}

	/**
	 * Chunks of 1000, no rate limit, a 1-minute lease, progress every 30 s, a look for backfills to
	 * take over every 10 s, 5 attempts per chunk 5 s apart.
	 */
	public static BackfillSettings defaults() {
		return new BackfillSettings(1000, 0, Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(10), 5,
				Duration.ofSeconds(5));
	}

	static void requirePositive(String name, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

}
