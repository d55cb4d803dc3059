package io.github.phasedmigration.core.criteria;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;

/**
 * Judges a window against the success criteria of a mode, as the contract's "Guard rails" say:
 *
 * <ul>
 * <li>{@code min-calls}: each implementation ran at least {@code min-calls} times, else every
 * other criterion is inconclusive;</li>
 * <li>{@code discrepancy-rate}: differing comparisons per comparison at most the mode's limit
 * (1% for REVERSE_SHADOW, 0.1% for NEW by default); a window without comparisons (writes whose
 * results are not compared) passes it;</li>
 * <li>{@code new-error-rate}: new's error rate at most {@code max(factor * old's, old's + margin)},
 * and at most {@code max-error-rate} when one is set;</li>
 * <li>{@code latency-ratio}: new's latency percentile over old's at most {@code max-latency-ratio},
 * or new's at most {@code latency-margin} above old's.</li>
 * </ul>
 *
 * SHADOW and OLD have no criteria: new serves no caller there.
 */
public final class SuccessCriteria {

	/** Far below one error in any window's calls, far above the rounding of {@code old + margin}. */
	private static final double RATE_TOLERANCE = 1e-12;

	private SuccessCriteria() {
	}

	/**
	 * Judges a window for a mode.
	 * @param window what the window counted
	 * @param settings the criteria
	 * @param target the mode
	 * @return every criterion and the verdict of them all
	 */
	public static Readiness judge(WindowStats window, CriteriaSettings settings, MigrationMode target) {
		if (target.primary() == Impl.OLD) {
			return new Readiness(target, Verdict.PASS, List.of(), window);
		}
		List<CriterionResult> results = new ArrayList<>();
		long fewest = Math.min(window.oldCalls(), window.newCalls());
		boolean enough = fewest >= settings.minCalls();
		results.add(new CriterionResult("min-calls", (double) fewest, settings.minCalls(),
				enough ? Verdict.PASS : Verdict.INCONCLUSIVE,
				String.format(Locale.ROOT, "old ran %d times, new %d times in %d closed bucket(s); %d each needed",
						window.oldCalls(), window.newCalls(), window.buckets(), settings.minCalls())));
		results.add(discrepancies(window, settings.maxDiscrepancyRate(target), enough));
		results.add(errors(window, settings, enough));
		results.add(latency(window, settings, enough));
		Verdict verdict = Verdict.PASS;
		for (CriterionResult result : results) {
			verdict = Verdict.worst(verdict, result.verdict());
		}
		return new Readiness(target, verdict, results, window);
	}

	private static CriterionResult discrepancies(WindowStats window, double limit, boolean enough) {
		double rate = window.discrepancyRate();
		String detail = (window.compared() == 0) ? "no comparisons in the window"
				: String.format(Locale.ROOT, "%d of %d comparisons differed (%s), at most %s allowed",
						window.mismatches(), window.compared(), percent(rate), percent(limit));
		return new CriterionResult("discrepancy-rate", rate, limit, verdict(enough, rate <= limit), detail);
	}

	private static CriterionResult errors(WindowStats window, CriteriaSettings settings, boolean enough) {
		double oldRate = window.errorRate(Impl.OLD);
		double newRate = window.errorRate(Impl.NEW);
		double limit = Math.max(settings.errorRateFactor() * oldRate, oldRate + settings.errorRateMargin());
		if (settings.maxErrorRate() != null) {
			limit = Math.min(limit, settings.maxErrorRate());
		}
		String detail = String.format(Locale.ROOT, "new failed %s of %d calls, old %s; at most %s allowed",
				percent(newRate), window.newCalls(), percent(oldRate), percent(limit));
		// the limit is a sum or product of rates: its rounding must not fail a rate exactly at it
		return new CriterionResult("new-error-rate", newRate, limit,
				verdict(enough, newRate <= limit + RATE_TOLERANCE), detail);
	}

	private static CriterionResult latency(WindowStats window, CriteriaSettings settings, boolean enough) {
		String percentile = "p" + trim(settings.latencyPercentile() * 100);
		if (!enough) {
			String detail = String.format(Locale.ROOT, "%s of new %s, of old %s", percentile,
					micros(window.newLatencyMicros()), micros(window.oldLatencyMicros()));
			return new CriterionResult("latency-ratio", null, settings.maxLatencyRatio(), Verdict.INCONCLUSIVE,
					detail);
		}
		long marginMicros = settings.latencyMargin().toNanos() / 1000;
		boolean withinMargin = window.newLatencyMicros() - window.oldLatencyMicros() <= marginMicros;
		if (window.oldLatencyMicros() == 0) {
			// old's is below a microsecond: no ratio, but the margin still tells (else sub-microsecond
			// implementations could never be ready)
			String detail = String.format(Locale.ROOT,
					"%s of new %s, of old %s: old's is too short to divide by, at most %s more allowed", percentile,
					micros(window.newLatencyMicros()), micros(window.oldLatencyMicros()), micros(marginMicros));
			return new CriterionResult("latency-ratio", null, settings.maxLatencyRatio(),
					withinMargin ? Verdict.PASS : Verdict.FAIL, detail);
		}
		double ratio = window.newLatencyMicros() / (double) window.oldLatencyMicros();
		String detail = String.format(Locale.ROOT, "%s of new %s, of old %s: %.2fx, at most %sx (or %s more) allowed",
				percentile, micros(window.newLatencyMicros()), micros(window.oldLatencyMicros()), ratio,
				trim(settings.maxLatencyRatio()), micros(marginMicros));
		return new CriterionResult("latency-ratio", ratio, settings.maxLatencyRatio(),
				(ratio <= settings.maxLatencyRatio() || withinMargin) ? Verdict.PASS : Verdict.FAIL, detail);
	}

	private static Verdict verdict(boolean enough, boolean within) {
		return !enough ? Verdict.INCONCLUSIVE : within ? Verdict.PASS : Verdict.FAIL;
	}

	private static String percent(double rate) {
		return trim(rate * 100) + "%";
	}

	private static String micros(long micros) {
		return (micros >= 1000) ? trim(micros / 1000.0) + " ms" : micros + " us";
	}

	private static String trim(double value) {
		String text = String.format(Locale.ROOT, "%.3f", value);
		text = text.replaceAll("0+$", "");
		return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
	}

}
