package io.github.phasedmigration.autoconfigure;

/** Checks of text that comes from outside: configuration and Actuator requests. */
public final class Inputs {

	private Inputs() {
	}

	/**
	 * Whether the text holds a control character: line breaks and tabs included, and the Unicode
	 * line and paragraph separators and bidirectional controls, which could forge lines in logs and
	 * the audit.
	 */
	public static boolean hasControlCharacters(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (isControl(text.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isControl(char c) {
		return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
				|| (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f';
	}

	/** The text with control characters shown as {@code \\uXXXX}, cut to 80 characters, for messages. */
	public static String printable(String text) {
		StringBuilder printable = new StringBuilder();
		for (int i = 0; i < text.length() && printable.length() < 80; i++) {
			char c = text.charAt(i);
			if (isControl(c)) {
				printable.append(String.format("\\u%04x", (int) c));
			}
			else {
				printable.append(c);
			}
		}
		return (printable.length() >= 80) ? printable + "..." : printable.toString();
	}

}
