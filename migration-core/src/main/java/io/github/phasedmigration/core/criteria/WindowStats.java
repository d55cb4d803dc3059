package io.github.phasedmigration.core.criteria;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.Impl;

/**
 * What a migration's window counted over its closed buckets.
 *
 * @param buckets how many closed buckets it spans (fewer than configured while it fills up)
 * @param from the start of its first bucket, {@code null} when it has none
 * @param to the end of its last bucket, {@code null} when it has none
 * @param oldCalls finished runs of old, in either role
 * @param newCalls finished runs of new, in either role
 * @param oldErrors runs of old that threw (or timed out as the secondary)
 * @param newErrors runs of new that threw (or timed out as the secondary)
 * @param matches comparisons that matched
 * @param mismatches comparisons that differed
 * @param oldLatencyMicros old's latency at the criteria's percentile, in microseconds
 * @param newLatencyMicros new's latency at the criteria's percentile, in microseconds
 */
public record WindowStats(int buckets, @Nullable Instant from, @Nullable Instant to, long oldCalls, long newCalls,
		long oldErrors, long newErrors, long matches, long mismatches, long oldLatencyMicros,
		long newLatencyMicros) {

	/** A window without buckets. */
	public static final WindowStats EMPTY = new WindowStats(0, null, null, 0, 0, 0, 0, 0, 0, 0, 0);

	public long calls(Impl impl) {
		return (impl == Impl.OLD) ? this.oldCalls : this.newCalls;
	}

	/** Errors per run of an implementation, 0 without runs. */
	public double errorRate(Impl impl) {
		long calls = calls(impl);
		long errors = (impl == Impl.OLD) ? this.oldErrors : this.newErrors;
		return (calls == 0) ? 0 : errors / (double) calls;
	}

	/** Comparisons that matched or differed; timeouts and rejections are neither. */
	public long compared() {
		return this.matches + this.mismatches;
	}

	/** Differing comparisons per comparison, 0 without comparisons. */
	public double discrepancyRate() {
		long compared = compared();
		return (compared == 0) ? 0 : this.mismatches / (double) compared;
	}

}
