package io.github.phasedmigration.core.criteria;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.phasedmigration.core.MigrationMode;

/**
 * Whether a migration's window meets the success criteria of a mode: every criterion with its
 * measured value, threshold and verdict, and the verdict of them all.
 *
 * @param target the mode judged for
 * @param verdict fail when any criterion fails, else inconclusive when any is, else pass
 * @param criteria every criterion, in a fixed order; empty when the mode has none
 * @param window what the window counted
 */
public record Readiness(MigrationMode target, Verdict verdict, List<CriterionResult> criteria, WindowStats window) {

	public Readiness {
		criteria = List.copyOf(criteria);
	}

	/** Whether every criterion passed. */
	public boolean ready() {
		return this.verdict == Verdict.PASS;
	}

	/** The criteria that did not pass. */
	public List<CriterionResult> unmet() {
		return this.criteria.stream().filter((criterion) -> criterion.verdict() != Verdict.PASS).toList();
	}

	/** Every criterion's verdict and measurement, by name, as kept with a change. */
	public Map<String, String> measurements() {
		Map<String, String> measurements = new LinkedHashMap<>();
		this.criteria.forEach((criterion) -> measurements.put(criterion.name(),
				criterion.verdict().tag() + ": " + criterion.detail()));
		return measurements;
	}

	/** The unmet criteria in one line, for messages. */
	public String describeUnmet() {
		return unmet().stream().map(CriterionResult::toString).collect(Collectors.joining("; "));
	}

}
