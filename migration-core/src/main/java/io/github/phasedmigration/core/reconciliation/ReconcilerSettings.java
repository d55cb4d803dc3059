package io.github.phasedmigration.core.reconciliation;

import java.time.Duration;
import java.util.Objects;

import io.github.phasedmigration.core.InvalidSettingException;

/**
 * How the {@link Reconciler} replays journal entries.
 *
 * @param batchSize entries claimed at once
 * @param pollInterval pause between polls when the journal has nothing due
 * @param lease how long a claim holds; an entry whose claimer died is taken over after it
 * @param maxAttempts attempts before an entry is parked
 * @param initialBackoff wait before the second attempt
 * @param maxBackoff longest wait between attempts
 * @param backoffMultiplier growth of the wait after each failed attempt
 * @param replayThreads entries of a batch replayed side by side (a batch holds at most one entry
 * per key, so this keeps each key's order)
 */
public record ReconcilerSettings(int batchSize, Duration pollInterval, Duration lease, int maxAttempts,
		Duration initialBackoff, Duration maxBackoff, double backoffMultiplier, int replayThreads) {

	/**
	 * 100 entries a batch, a poll a second, 5-minute leases, 10 attempts backing off from 1 s to 5 min,
	 * 4 replays side by side.
	 */
	public static final ReconcilerSettings DEFAULTS = new ReconcilerSettings(100, Duration.ofSeconds(1),
			Duration.ofMinutes(5), 10, Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 4);

	/** Settings that replay one entry at a time. */
	public ReconcilerSettings(int batchSize, Duration pollInterval, Duration lease, int maxAttempts,
			Duration initialBackoff, Duration maxBackoff, double backoffMultiplier) {
		this(batchSize, pollInterval, lease, maxAttempts, initialBackoff, maxBackoff, backoffMultiplier, 1);
	}

	public ReconcilerSettings {
		Objects.requireNonNull(pollInterval, "pollInterval");
		Objects.requireNonNull(lease, "lease");
		Objects.requireNonNull(initialBackoff, "initialBackoff");
		Objects.requireNonNull(maxBackoff, "maxBackoff");
		InvalidSettingException.require(batchSize >= 1, "batch-size", batchSize, "at least 1");
		InvalidSettingException.require(maxAttempts >= 1, "max-attempts", maxAttempts, "at least 1");
		InvalidSettingException.require(backoffMultiplier >= 1.0, "backoff-multiplier", backoffMultiplier,
				"at least 1.0"); // NaN too
		InvalidSettingException.require(replayThreads >= 1, "replay-threads", replayThreads, "at least 1");
		InvalidSettingException.requirePositive("poll-interval", pollInterval, "1s");
		InvalidSettingException.requirePositive("lease", lease, "5m");
		InvalidSettingException.require(!initialBackoff.isNegative(), "initial-backoff", initialBackoff, "0 or more");
		InvalidSettingException.require(maxBackoff.compareTo(initialBackoff) >= 0, "max-backoff", maxBackoff,
				"at least initial-backoff (" + initialBackoff + ")");
	}

	/** The wait after the given number of failed attempts (1 for the first). */
	public Duration backoff(int failedAttempts) {
		double factor = Math.pow(this.backoffMultiplier, Math.max(0, failedAttempts - 1));
		double nanos = this.initialBackoff.toNanos() * factor;
		if (Double.isInfinite(nanos) || nanos >= this.maxBackoff.toNanos()) {
			return this.maxBackoff;
		}
		return Duration.ofNanos((long) nanos);
	}

}
