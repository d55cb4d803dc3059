package io.github.phasedmigration.core.rollout;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.InvalidSettingException;

/**
 * A rollout percentage, 0 to 100 in steps of 0.01, held as basis points (0 to 10000) so that
 * {@code bucket < percentage * 100} is an integer comparison.
 */
public final class Percentage {

	/** All calls. */
	public static final int FULL = Bucketing.BUCKETS;

	/** What a percentage may be, for error messages. */
	public static final String ALLOWED = "a number from 0 to 100 with at most two decimals, e.g. 0.5, 5 or 100";

	private Percentage() {
	}

	/**
	 * Parses a percentage given as text.
	 * @param field the name of the field, for the message
	 * @param value the text, e.g. {@code 5}, {@code 0.25}
	 * @return basis points, 0 to 10000
	 * @throws InvalidSettingException naming the field, the value and what is allowed
	 */
	public static int parse(String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw invalid(field, value);
		}
		BigDecimal parsed;
		try {
			parsed = new BigDecimal(value.trim());
		}
		catch (NumberFormatException ex) {
			throw invalid(field, value); // NaN, Infinity, words
		}
		return basisPoints(field, parsed);
	}

	/**
	 * Checks a percentage given as a number.
	 * @return basis points, 0 to 10000
	 * @throws InvalidSettingException naming the field, the value and what is allowed
	 */
	public static int basisPoints(String field, BigDecimal value) {
		if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0
				|| value.stripTrailingZeros().scale() > 2) {
			throw invalid(field, value.toPlainString());
		}
		return value.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).intValueExact();
	}

	/** Basis points as a percentage, e.g. 550 as 5.5. */
	public static double of(int basisPoints) {
		return basisPoints / 100.0;
	}

	/** Basis points as text, e.g. 550 as {@code 5.5%}. */
	public static String format(int basisPoints) {
		return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
	}

	private static InvalidSettingException invalid(String field, @Nullable String value) {
		String shown = (value != null) ? value.codePoints()
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.limit(40)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString() : null;
		return new InvalidSettingException(field, "= '" + shown + "' is not allowed: " + ALLOWED);
	}

}
