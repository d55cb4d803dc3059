package io.github.phasedmigration.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Success criteria, judged over a sliding window of fixed buckets. Unset values come from the
 * defaults: 1m buckets, 10 of them, 500 calls per side, 1% discrepancies before REVERSE_SHADOW,
 * 0.1% before NEW, new's error rate at most max(2x old's, old's + 0.01), no absolute cap, p99 of
 * new at most 1.25x old's or 1ms above it ({@code CriteriaSettings.DEFAULTS}, which also checks
 * the values).
 */
public class MigrationCriteriaProperties {

	/** Length of one bucket of the window, at least 1s. Default 1m. */
	private @Nullable Duration bucket;

	/** How many closed buckets the window spans. Default 10. */
	private @Nullable Integer buckets;

	/** The fewest calls of each implementation a window needs to be judged. Default 500. */
	private @Nullable Long minCalls;

	/** Highest share of comparisons that may differ for REVERSE_SHADOW, 0 to 1. Default 0.01. */
	private @Nullable Double maxDiscrepancyRateBeforeReverseShadow;

	/** Highest share of comparisons that may differ for NEW, 0 to 1. Default 0.001. */
	private @Nullable Double maxDiscrepancyRateBeforeNew;

	/** New's error rate may be this many times old's (or old's plus the margin). Default 2. */
	private @Nullable Double errorRateFactor;

	/** New's error rate may be old's plus this margin (or the factor times old's). Default 0.01. */
	private @Nullable Double errorRateMargin;

	/** Absolute cap on new's error rate, 0 to 1. Default none. */
	private @Nullable Double maxErrorRate;

	/** Latency percentile compared, above 0 and below 1. Default 0.99. */
	private @Nullable Double latencyPercentile;

	/** Highest ratio of new's latency percentile to old's. Default 1.25. */
	private @Nullable Double maxLatencyRatio;

	/** New's latency percentile always passes when at most this much above old's. Default 1ms. */
	private @Nullable Duration latencyMargin;

	public @Nullable Duration getLatencyMargin() {
		return this.latencyMargin;
	}

	public void setLatencyMargin(@Nullable Duration latencyMargin) {
		this.latencyMargin = latencyMargin;
	}

	public @Nullable Duration getBucket() {
		return this.bucket;
	}

	public void setBucket(@Nullable Duration bucket) {
		this.bucket = bucket;
	}

	public @Nullable Integer getBuckets() {
		return this.buckets;
	}

	public void setBuckets(@Nullable Integer buckets) {
		this.buckets = buckets;
	}

	public @Nullable Long getMinCalls() {
		return this.minCalls;
	}

	public void setMinCalls(@Nullable Long minCalls) {
		this.minCalls = minCalls;
	}

	public @Nullable Double getMaxDiscrepancyRateBeforeReverseShadow() {
		return this.maxDiscrepancyRateBeforeReverseShadow;
	}

	public void setMaxDiscrepancyRateBeforeReverseShadow(@Nullable Double value) {
		this.maxDiscrepancyRateBeforeReverseShadow = value;
	}

	public @Nullable Double getMaxDiscrepancyRateBeforeNew() {
		return this.maxDiscrepancyRateBeforeNew;
	}

	public void setMaxDiscrepancyRateBeforeNew(@Nullable Double value) {
		this.maxDiscrepancyRateBeforeNew = value;
	}

	public @Nullable Double getErrorRateFactor() {
		return this.errorRateFactor;
	}

	public void setErrorRateFactor(@Nullable Double errorRateFactor) {
		this.errorRateFactor = errorRateFactor;
	}

	public @Nullable Double getErrorRateMargin() {
		return this.errorRateMargin;
	}

	public void setErrorRateMargin(@Nullable Double errorRateMargin) {
		this.errorRateMargin = errorRateMargin;
	}

	public @Nullable Double getMaxErrorRate() {
		return this.maxErrorRate;
	}

	public void setMaxErrorRate(@Nullable Double maxErrorRate) {
		this.maxErrorRate = maxErrorRate;
	}

	public @Nullable Double getLatencyPercentile() {
		return this.latencyPercentile;
	}

	public void setLatencyPercentile(@Nullable Double latencyPercentile) {
		this.latencyPercentile = latencyPercentile;
	}

	public @Nullable Double getMaxLatencyRatio() {
		return this.maxLatencyRatio;
	}

	public void setMaxLatencyRatio(@Nullable Double maxLatencyRatio) {
		this.maxLatencyRatio = maxLatencyRatio;
	}

}
