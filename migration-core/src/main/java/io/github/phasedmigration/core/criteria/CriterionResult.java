package io.github.phasedmigration.core.criteria;

import org.jspecify.annotations.Nullable;

/**
 * One criterion judged over a window.
 *
 * @param name the criterion, e.g. {@code new-error-rate}
 * @param measured what the window measured, {@code null} when it could not
 * @param threshold the limit it is held to
 * @param verdict pass, fail or inconclusive
 * @param detail the measurement in words, e.g. {@code 12 of 1500 calls of new failed (0.8%), old 0.5%}
 */
public record CriterionResult(String name, @Nullable Double measured, double threshold, Verdict verdict,
		String detail) {

	@Override
	public String toString() {
		return this.name + " " + this.verdict.tag() + ": " + this.detail;
	}

}
