package io.github.phasedmigration.core.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.testing.MutableClock;

/**
 * The contract's "Guard rails": a window is pass, fail or inconclusive; each criterion is shown with
 * its measured value and threshold. Windows are built directly (for exact boundaries) or recorded
 * through a {@link CallWindow} driven by a {@link MutableClock} (for latencies).
 */
class SuccessCriteriaTest {

	private static final Instant T0 = Instant.parse("2030-01-02T03:00:00Z");

	/** The defaults with latency out of the way: old's and new's p99 are equal in {@link #window}. */
	private static final CriteriaSettings DEFAULTS = CriteriaSettings.DEFAULTS;

	/** A window of one bucket with equal latencies (ratio 1), so that only the counts matter. */
	private static WindowStats window(long oldCalls, long oldErrors, long newCalls, long newErrors, long matches,
			long mismatches) {
		return new WindowStats(1, T0, T0.plusSeconds(60), oldCalls, newCalls, oldErrors, newErrors, matches,
				mismatches, 1_000, 1_000);
	}

	private static CriterionResult criterion(Readiness readiness, String name) {
		return readiness.criteria()
			.stream()
			.filter((criterion) -> criterion.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static CriteriaSettings withMaxErrorRate(Double maxErrorRate) {
		CriteriaSettings d = DEFAULTS;
		return new CriteriaSettings(d.bucket(), d.buckets(), d.minCalls(), d.maxDiscrepancyRateBeforeReverseShadow(),
				d.maxDiscrepancyRateBeforeNew(), d.errorRateFactor(), d.errorRateMargin(), maxErrorRate,
				d.latencyPercentile(), d.maxLatencyRatio(), d.autoRollback(), d.rollbackAfter());
	}

	@Test
	void defaultsAreThoseTheJavadocPromises() {
		assertThat(DEFAULTS.bucket()).isEqualTo(Duration.ofMinutes(1));
		assertThat(DEFAULTS.buckets()).isEqualTo(10);
		assertThat(DEFAULTS.window()).isEqualTo(Duration.ofMinutes(10));
		assertThat(DEFAULTS.minCalls()).isEqualTo(500);
		assertThat(DEFAULTS.maxDiscrepancyRateBeforeReverseShadow()).isEqualTo(0.01);
		assertThat(DEFAULTS.maxDiscrepancyRateBeforeNew()).isEqualTo(0.001);
		assertThat(DEFAULTS.errorRateFactor()).isEqualTo(2.0);
		assertThat(DEFAULTS.errorRateMargin()).isEqualTo(0.01);
		assertThat(DEFAULTS.maxErrorRate()).isNull();
		assertThat(DEFAULTS.latencyPercentile()).isEqualTo(0.99);
		assertThat(DEFAULTS.maxLatencyRatio()).isEqualTo(1.25);
		assertThat(DEFAULTS.autoRollback()).isFalse();
		assertThat(DEFAULTS.rollbackAfter()).isEqualTo(3);
	}

	@Test
	void aHealthyWindowPassesEveryCriterionWithItsMeasuredValueAndThreshold() {
		Readiness readiness = SuccessCriteria.judge(window(1_000, 5, 1_000, 5, 1_000, 0), DEFAULTS,
				MigrationMode.REVERSE_SHADOW);

		assertThat(readiness.verdict()).isEqualTo(Verdict.PASS);
		assertThat(readiness.ready()).isTrue();
		assertThat(readiness.unmet()).isEmpty();
		assertThat(readiness.criteria()).extracting(CriterionResult::name)
			.containsExactly("min-calls", "discrepancy-rate", "new-error-rate", "latency-ratio");
		assertThat(criterion(readiness, "min-calls").measured()).isEqualTo(1_000.0);
		assertThat(criterion(readiness, "min-calls").threshold()).isEqualTo(500.0);
		assertThat(criterion(readiness, "new-error-rate").measured()).isEqualTo(0.005);
		assertThat(criterion(readiness, "new-error-rate").threshold()).isEqualTo(0.015);
		assertThat(criterion(readiness, "latency-ratio").measured()).isEqualTo(1.0);
		assertThat(readiness.measurements()).containsOnlyKeys("min-calls", "discrepancy-rate", "new-error-rate",
				"latency-ratio");
		assertThat(readiness.measurements().get("new-error-rate")).startsWith("pass: new failed 0.5% of 1000 calls");
	}

	// ---- min-calls

	@ParameterizedTest(name = "old {0} calls, new {1} calls: inconclusive")
	@CsvSource({ "0, 0", "499, 100000", "100000, 499", "499, 499" })
	void belowMinCallsOnEitherSideTheWindowIsInconclusiveAndNeverFails(long oldCalls, long newCalls) {
		// everything of new fails and every comparison differs: still too few calls to tell
		WindowStats window = new WindowStats(1, T0, T0.plusSeconds(60), oldCalls, newCalls, 0, newCalls, 0,
				Math.min(oldCalls, newCalls), 1_000, 1_000_000);

		for (MigrationMode target : new MigrationMode[] { MigrationMode.REVERSE_SHADOW, MigrationMode.NEW }) {
			Readiness readiness = SuccessCriteria.judge(window, DEFAULTS, target);
			assertThat(readiness.verdict()).as("%s", target).isEqualTo(Verdict.INCONCLUSIVE);
			assertThat(readiness.criteria()).as("%s", target)
				.extracting(CriterionResult::verdict)
				.doesNotContain(Verdict.FAIL)
				.containsOnly(Verdict.INCONCLUSIVE);
			assertThat(readiness.ready()).isFalse();
		}
	}

	@Test
	void atMinCallsOnBothSidesTheWindowIsJudged() {
		Readiness readiness = SuccessCriteria.judge(window(500, 0, 500, 500, 0, 500), DEFAULTS, MigrationMode.NEW);

		assertThat(criterion(readiness, "min-calls").verdict()).isEqualTo(Verdict.PASS);
		assertThat(readiness.verdict()).isEqualTo(Verdict.FAIL);
		assertThat(readiness.unmet()).extracting(CriterionResult::name)
			.containsExactly("discrepancy-rate", "new-error-rate");
	}

	// ---- discrepancy-rate

	@Test
	void halfAPercentOfDiscrepanciesPassesForReverseShadowButFailsForNew() {
		WindowStats window = window(1_000, 0, 1_000, 0, 995, 5);

		Readiness reverseShadow = SuccessCriteria.judge(window, DEFAULTS, MigrationMode.REVERSE_SHADOW);
		Readiness newMode = SuccessCriteria.judge(window, DEFAULTS, MigrationMode.NEW);

		assertThat(reverseShadow.verdict()).isEqualTo(Verdict.PASS);
		assertThat(criterion(reverseShadow, "discrepancy-rate").measured()).isEqualTo(0.005);
		assertThat(criterion(reverseShadow, "discrepancy-rate").threshold()).isEqualTo(0.01);
		assertThat(newMode.verdict()).isEqualTo(Verdict.FAIL);
		assertThat(criterion(newMode, "discrepancy-rate").verdict()).isEqualTo(Verdict.FAIL);
		assertThat(criterion(newMode, "discrepancy-rate").threshold()).isEqualTo(0.001);
		assertThat(newMode.describeUnmet())
			.isEqualTo("discrepancy-rate fail: 5 of 1000 comparisons differed (0.5%), at most 0.1% allowed");
	}

	@ParameterizedTest(name = "{0} of 1000 differing for {1}: {2}")
	@CsvSource({ "10, REVERSE_SHADOW, PASS", "11, REVERSE_SHADOW, FAIL", "1, NEW, PASS", "2, NEW, FAIL" })
	void discrepancyRateLimitIsInclusive(long mismatches, MigrationMode target, Verdict expected) {
		Readiness readiness = SuccessCriteria.judge(window(1_000, 0, 1_000, 0, 1_000 - mismatches, mismatches),
				DEFAULTS, target);

		assertThat(criterion(readiness, "discrepancy-rate").verdict()).isEqualTo(expected);
	}

	@Test
	void aWindowWithoutComparisonsPassesTheDiscrepancyRate() {
		Readiness readiness = SuccessCriteria.judge(window(1_000, 0, 1_000, 0, 0, 0), DEFAULTS, MigrationMode.NEW);

		assertThat(criterion(readiness, "discrepancy-rate").verdict()).isEqualTo(Verdict.PASS);
		assertThat(criterion(readiness, "discrepancy-rate").detail()).isEqualTo("no comparisons in the window");
	}

	// ---- new-error-rate: at most max(2 x old's, old's + 1 point)

	@ParameterizedTest(name = "old {1} of {0} failed, new {2}: {3} (limit {4})")
	@CsvSource({
			// old 0%: the margin rules, 1%
			"1000, 0, 10, PASS, 0.01", "1000, 0, 11, FAIL, 0.01",
			// old 0.5%: old + 1 point = 1.5% beats 2 x 0.5% = 1%
			"1000, 5, 15, PASS, 0.015", "1000, 5, 16, FAIL, 0.015",
			// old 1%: both give 2%
			"1000, 10, 20, PASS, 0.02", "1000, 10, 21, FAIL, 0.02",
			// old 2%: 2 x old = 4% beats old + 1 point = 3%
			"1000, 20, 40, PASS, 0.04", "1000, 20, 41, FAIL, 0.04",
			// old 10 of 1100: exactly 1 point more is 21 of 1100, a sum that floating point rounds up
			"1100, 10, 21, PASS, 0.019090909", "1100, 10, 22, FAIL, 0.019090909",
			"1300, 11, 24, PASS, 0.018461538", "1700, 9, 26, PASS, 0.015294118" })
	void newErrorRateIsAtMostTwiceOldsOrOldsPlusOnePointWhicheverIsHigher(long calls, long oldErrors,
			long newErrors, Verdict expected, double limit) {
		Readiness readiness = SuccessCriteria.judge(window(calls, oldErrors, calls, newErrors, calls, 0), DEFAULTS,
				MigrationMode.NEW);

		CriterionResult errors = criterion(readiness, "new-error-rate");
		assertThat(errors.verdict()).isEqualTo(expected);
		assertThat(errors.threshold()).isCloseTo(limit, within(1e-9));
		assertThat(readiness.verdict()).isEqualTo(expected);
	}

	@ParameterizedTest(name = "old 5%, cap 2%, new {0} of 1000: {1}")
	@CsvSource({ "20, PASS", "21, FAIL", "60, FAIL" })
	void anAbsoluteCapLimitsNewsErrorRateBelowTheRelativeLimit(long newErrors, Verdict expected) {
		// relative to old's 5%, new could fail 10% of its calls; the cap says 2%
		Readiness readiness = SuccessCriteria.judge(window(1_000, 50, 1_000, newErrors, 1_000, 0),
				withMaxErrorRate(0.02), MigrationMode.NEW);

		assertThat(criterion(readiness, "new-error-rate").verdict()).isEqualTo(expected);
		assertThat(criterion(readiness, "new-error-rate").threshold()).isEqualTo(0.02);
	}

	@Test
	void anAbsoluteCapAboveTheRelativeLimitChangesNothing() {
		Readiness readiness = SuccessCriteria.judge(window(1_000, 0, 1_000, 11, 1_000, 0), withMaxErrorRate(0.05),
				MigrationMode.NEW);

		assertThat(criterion(readiness, "new-error-rate").verdict()).isEqualTo(Verdict.FAIL);
		assertThat(criterion(readiness, "new-error-rate").threshold()).isEqualTo(0.01);
	}

	// ---- latency-ratio, recorded through a window

	@ParameterizedTest(name = "old 10 ms, new {0} ms: ratio about {1}, {2}")
	@CsvSource({ "10, 1.0, PASS", "12, 1.2, PASS", "13, 1.3, FAIL", "25, 2.5, FAIL" })
	void latencyRatioComparesRecordedP99s(long newMillis, double ratio, Verdict expected) {
		CallWindow window = new CallWindow(T0);
		for (int i = 0; i < 1_000; i++) {
			window.call(Impl.OLD, true, Duration.ofMillis(10).toNanos());
			window.call(Impl.NEW, true, Duration.ofMillis(newMillis).toNanos());
			window.comparison(io.github.phasedmigration.core.ComparisonResult.MATCH);
		}
		window.rotate(T0.plusSeconds(60), Duration.ofMinutes(1), 10);

		WindowStats stats = window.stats(0.99);
		Readiness readiness = SuccessCriteria.judge(stats, DEFAULTS, MigrationMode.NEW);

		// HdrHistogram with two significant digits: within 1%
		assertThat(stats.oldLatencyMicros()).isCloseTo(10_000, within(100L));
		assertThat(stats.newLatencyMicros()).isCloseTo(newMillis * 1_000, within(newMillis * 10));
		CriterionResult latency = criterion(readiness, "latency-ratio");
		assertThat(latency.measured()).isCloseTo(ratio, within(0.02));
		assertThat(latency.threshold()).isEqualTo(1.25);
		assertThat(latency.verdict()).isEqualTo(expected);
		assertThat(readiness.verdict()).isEqualTo(expected);
	}

	/**
	 * 1,000 calls of new, some at 100 ms and the rest at 10 ms like old: p99 ignores the slowest 1%
	 * (5 slow calls pass, although new's maximum is 10x old's) and sees 1.5% (15 slow calls fail).
	 */
	@ParameterizedTest(name = "{0} slow calls of new in 1000: {1}")
	@CsvSource({ "5, PASS", "9, PASS", "15, FAIL" })
	void latencyIsJudgedAtThePercentileNotTheMaximum(int slow, Verdict expected) {
		CallWindow window = new CallWindow(T0);
		for (int i = 0; i < 1_000; i++) {
			window.call(Impl.OLD, true, Duration.ofMillis(10).toNanos());
			window.call(Impl.NEW, true, Duration.ofMillis((i < slow) ? 100 : 10).toNanos());
		}
		window.rotate(T0.plusSeconds(60), Duration.ofMinutes(1), 10);

		Readiness readiness = SuccessCriteria.judge(window.stats(DEFAULTS.latencyPercentile()), DEFAULTS,
				MigrationMode.REVERSE_SHADOW);

		assertThat(criterion(readiness, "latency-ratio").verdict()).isEqualTo(expected);
	}

	/**
	 * A p99 of new at most {@code latency-margin} (1 ms by default) above old's passes whatever the
	 * ratio: sub-millisecond implementations differ by large factors that nobody feels.
	 */
	@ParameterizedTest(name = "old {0} us, new {1} us, margin {2}: {3}")
	@CsvSource({ "100, 900, PT0.001S, PASS", "100, 1100, PT0.001S, PASS", "100, 1200, PT0.001S, FAIL",
			"100, 124, PT0S, PASS", "100, 130, PT0S, FAIL", "20000, 21000, PT0.001S, PASS",
			"20000, 26000, PT0.001S, FAIL", "0, 0, PT0.001S, PASS", "0, 1000, PT0.001S, PASS",
			"0, 1001, PT0.001S, FAIL", "0, 0, PT0S, PASS", "0, 1, PT0S, FAIL" })
	void latencyWithinTheMarginAboveOldsPassesWhateverTheRatio(long oldMicros, long newMicros, Duration margin,
			Verdict expected) {
		CriteriaSettings d = DEFAULTS;
		CriteriaSettings settings = new CriteriaSettings(d.bucket(), d.buckets(), d.minCalls(),
				d.maxDiscrepancyRateBeforeReverseShadow(), d.maxDiscrepancyRateBeforeNew(), d.errorRateFactor(),
				d.errorRateMargin(), null, d.latencyPercentile(), d.maxLatencyRatio(), margin, false, 3);
		WindowStats window = new WindowStats(1, T0, T0.plusSeconds(60), 1_000, 1_000, 0, 0, 1_000, 0, oldMicros,
				newMicros);

		Readiness readiness = SuccessCriteria.judge(window, settings, MigrationMode.NEW);

		assertThat(criterion(readiness, "latency-ratio").verdict()).isEqualTo(expected);
		assertThat(readiness.verdict()).isEqualTo(expected);
	}

	@Test
	void oldsLatencyTooShortToDivideByHasNoRatioButIsJudgedByTheMargin() {
		Readiness fast = SuccessCriteria.judge(
				new WindowStats(1, T0, T0.plusSeconds(60), 1_000, 1_000, 0, 0, 1_000, 0, 0, 3), DEFAULTS,
				MigrationMode.NEW);
		Readiness slow = SuccessCriteria.judge(
				new WindowStats(1, T0, T0.plusSeconds(60), 1_000, 1_000, 0, 0, 1_000, 0, 0, 5_000), DEFAULTS,
				MigrationMode.NEW);

		assertThat(criterion(fast, "latency-ratio").measured()).isNull();
		assertThat(criterion(fast, "latency-ratio").verdict()).isEqualTo(Verdict.PASS);
		assertThat(criterion(fast, "latency-ratio").detail()).contains("too short to divide by");
		assertThat(fast.ready()).as("sub-microsecond implementations can be ready").isTrue();
		assertThat(criterion(slow, "latency-ratio").verdict()).isEqualTo(Verdict.FAIL);
		assertThat(slow.verdict()).isEqualTo(Verdict.FAIL);
	}

	// ---- modes without criteria

	@ParameterizedTest(name = "{0} passes without criteria")
	@EnumSource(value = MigrationMode.class, names = { "OLD", "SHADOW" })
	void oldAndShadowPassWithNoCriteria(MigrationMode target) {
		for (WindowStats window : new WindowStats[] { WindowStats.EMPTY, window(1_000, 0, 1_000, 1_000, 0, 1_000) }) {
			Readiness readiness = SuccessCriteria.judge(window, DEFAULTS, target);

			assertThat(readiness.verdict()).isEqualTo(Verdict.PASS);
			assertThat(readiness.criteria()).isEmpty();
			assertThat(readiness.measurements()).isEmpty();
			assertThat(readiness.target()).isEqualTo(target);
		}
	}

	@Test
	void anEmptyWindowIsInconclusiveForModesWhereNewServes() {
		assertThat(SuccessCriteria.judge(WindowStats.EMPTY, DEFAULTS, MigrationMode.REVERSE_SHADOW).verdict())
			.isEqualTo(Verdict.INCONCLUSIVE);
		assertThat(SuccessCriteria.judge(WindowStats.EMPTY, DEFAULTS, MigrationMode.NEW).verdict())
			.isEqualTo(Verdict.INCONCLUSIVE);
	}

	// ---- settings

	@Test
	void invalidSettingsAreRefusedNamingTheKey() {
		CriteriaSettings d = DEFAULTS;
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CriteriaSettings(Duration.ofMillis(500), 10, 500, 0.01, 0.001, 2, 0.01, null, 0.99,
					1.25, false, 3))
			.withMessageContaining("bucket");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CriteriaSettings(d.bucket(), 0, 500, 0.01, 0.001, 2, 0.01, null, 0.99, 1.25, false,
					3))
			.withMessageContaining("buckets");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CriteriaSettings(d.bucket(), 1001, 500, 0.01, 0.001, 2, 0.01, null, 0.99, 1.25,
					false, 3))
			.withMessageContaining("buckets = 1001 is not allowed: 1 to 1000");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CriteriaSettings(d.bucket(), 10, 500, 1.5, 0.001, 2, 0.01, null, 0.99, 1.25, false,
					3))
			.withMessageContaining("max-discrepancy-rate-before-reverse-shadow");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CriteriaSettings(d.bucket(), 10, 500, 0.01, 0.001, 2, 0.01, -0.1, 0.99, 1.25,
					false, 3))
			.withMessageContaining("max-error-rate");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CriteriaSettings(d.bucket(), 10, 500, 0.01, 0.001, 2, 0.01, null, 1.0, 1.25, false,
					3))
			.withMessageContaining("latency-percentile");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CriteriaSettings(d.bucket(), 10, 500, 0.01, 0.001, 2, 0.01, null, 0.99, 0.9, false,
					3))
			.withMessageContaining("max-latency-ratio");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CriteriaSettings(d.bucket(), 10, 500, 0.01, 0.001, 2, 0.01, null, 0.99, 1.25, true,
					0))
			.withMessageContaining("auto-rollback.after-failing-windows");
	}

}
