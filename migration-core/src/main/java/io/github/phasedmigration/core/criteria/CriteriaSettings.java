package io.github.phasedmigration.core.criteria;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.InvalidSettingException;

/**
 * The success criteria of a migration and its automatic rollback.
 *
 * @param bucket the length of one bucket of the window, at least one second
 * @param buckets how many closed buckets the window spans, at least 1
 * @param minCalls the fewest calls of each implementation a window needs to be judged; fewer make
 * it inconclusive
 * @param maxDiscrepancyRateBeforeReverseShadow the highest share of compared calls that may differ
 * for REVERSE_SHADOW (0 to 1)
 * @param maxDiscrepancyRateBeforeNew the highest share of compared calls that may differ for NEW
 * (0 to 1)
 * @param errorRateFactor new's error rate may be at most this many times old's ...
 * @param errorRateMargin ... or old's plus this margin (0 to 1), whichever is higher
 * @param maxErrorRate an absolute cap on new's error rate (0 to 1), or {@code null} for none
 * @param latencyPercentile the latency percentile compared (above 0, below 1), e.g. 0.99
 * @param maxLatencyRatio the highest ratio of new's latency percentile to old's ...
 * @param latencyMargin ... unless new's is at most this much above old's (so that sub-millisecond
 * noise never fails a migration)
 * @param autoRollback whether the migration steps back one mode by itself after failing windows
 * @param rollbackAfter how many failing windows in a row roll it back, at least 1
 */
public record CriteriaSettings(Duration bucket, int buckets, long minCalls,
		double maxDiscrepancyRateBeforeReverseShadow, double maxDiscrepancyRateBeforeNew, double errorRateFactor,
		double errorRateMargin, @Nullable Double maxErrorRate, double latencyPercentile, double maxLatencyRatio,
		Duration latencyMargin, boolean autoRollback, int rollbackAfter) {

	/** The default of {@code latencyMargin}. */
	public static final Duration DEFAULT_LATENCY_MARGIN = Duration.ofMillis(1);

	/**
	 * What a careful team would start with: 1-minute buckets over 10 minutes, 500 calls per side,
	 * at most 1% discrepancies before REVERSE_SHADOW and 0.1% before NEW, new's error rate at most
	 * max(2x old's, old's + 1 point), p99 of new at most 1.25x old's (or 1 ms above it); no
	 * automatic rollback (after 3 failing windows when on).
	 */
	public static final CriteriaSettings DEFAULTS = new CriteriaSettings(Duration.ofMinutes(1), 10, 500, 0.01, 0.001,
			2.0, 0.01, null, 0.99, 1.25, DEFAULT_LATENCY_MARGIN, false, 3);

	public CriteriaSettings {
		Objects.requireNonNull(bucket, "bucket");
		require(bucket.compareTo(Duration.ofSeconds(1)) >= 0, "bucket", bucket.toMillis() + "ms", "at least 1s");
		require(buckets >= 1 && buckets <= 1000, "buckets", buckets, "1 to 1000");
		require(minCalls >= 1, "min-calls", minCalls, "at least 1");
		requireRate("max-discrepancy-rate-before-reverse-shadow", maxDiscrepancyRateBeforeReverseShadow);
		requireRate("max-discrepancy-rate-before-new", maxDiscrepancyRateBeforeNew);
		require(errorRateFactor >= 1 && Double.isFinite(errorRateFactor), "error-rate-factor", errorRateFactor,
				"1 or more");
		requireRate("error-rate-margin", errorRateMargin);
		if (maxErrorRate != null) {
			requireRate("max-error-rate", maxErrorRate);
		}
		require(latencyPercentile > 0 && latencyPercentile < 1, "latency-percentile", latencyPercentile,
				"above 0 and below 1, e.g. 0.99");
		require(maxLatencyRatio >= 1 && Double.isFinite(maxLatencyRatio), "max-latency-ratio", maxLatencyRatio,
				"1 or more, e.g. 1.25");
		Objects.requireNonNull(latencyMargin, "latencyMargin");
		require(!latencyMargin.isNegative(), "latency-margin", latencyMargin, "0 or more, e.g. 1ms");
		require(rollbackAfter >= 1, "auto-rollback.after-failing-windows", rollbackAfter, "at least 1");
	}

	/** Criteria with the default latency margin of 1 ms. */
	public CriteriaSettings(Duration bucket, int buckets, long minCalls, double maxDiscrepancyRateBeforeReverseShadow,
			double maxDiscrepancyRateBeforeNew, double errorRateFactor, double errorRateMargin,
			@Nullable Double maxErrorRate, double latencyPercentile, double maxLatencyRatio, boolean autoRollback,
			int rollbackAfter) {
		this(bucket, buckets, minCalls, maxDiscrepancyRateBeforeReverseShadow, maxDiscrepancyRateBeforeNew,
				errorRateFactor, errorRateMargin, maxErrorRate, latencyPercentile, maxLatencyRatio,
				DEFAULT_LATENCY_MARGIN, autoRollback, rollbackAfter);
	}

	/** The highest discrepancy rate for a target mode; none (1) for SHADOW and OLD. */
	double maxDiscrepancyRate(io.github.phasedmigration.core.MigrationMode target) {
		return switch (target) {
			case NEW -> this.maxDiscrepancyRateBeforeNew;
			case REVERSE_SHADOW -> this.maxDiscrepancyRateBeforeReverseShadow;
			default -> 1;
		};
	}

	/** The window's length: {@code bucket * buckets}. */
	public Duration window() {
		return this.bucket.multipliedBy(this.buckets);
	}

	private static void requireRate(String name, double value) {
		require(value >= 0 && value <= 1, name, value, "from 0 to 1, e.g. 0.01 for 1%");
	}

	private static void require(boolean valid, String name, Object value, String allowed) {
		if (!valid) {
			throw new InvalidSettingException(name, "= " + value + " is not allowed: " + allowed);
		}
	}

}
