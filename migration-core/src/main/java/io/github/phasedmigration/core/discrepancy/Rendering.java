package io.github.phasedmigration.core.discrepancy;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/** Turns arguments and results into bounded text; a failing {@code toString} is reported, never thrown. */
public final class Rendering {

	private Rendering() {
	}

	/**
	 * Renders a value: arrays deeply, exceptions as type and message, anything else with
	 * {@code toString}, cut to {@code maxLength}.
	 */
	public static String render(@Nullable Object value, int maxLength) {
		String text;
		try {
			if (value instanceof Object[] array) {
				text = Arrays.deepToString(array);
			}
			else if (value != null && value.getClass().isArray()) {
				text = Arrays.deepToString(new Object[] { value });
				text = text.substring(1, text.length() - 1);
			}
			else if (value instanceof Throwable error) {
				text = "threw " + error.getClass().getName()
						+ ((error.getMessage() != null) ? ": " + error.getMessage() : "");
			}
			else {
				text = String.valueOf(value);
			}
		}
		catch (RuntimeException | StackOverflowError ex) {
			text = "<rendering " + value.getClass().getName() + " failed: " + ex + ">";
		}
		return truncate(text, maxLength);
	}

	static String truncate(String text, int maxLength) {
		if (text.length() <= maxLength) {
			return text;
		}
		return text.substring(0, maxLength) + "...(" + (text.length() - maxLength) + " more chars)";
	}

}
