package io.github.phasedmigration.autoconfigure;

/** Checks of text that comes from outside: configuration and Actuator requests. */
public final class Inputs {

	private Inputs() {
	}

	/** Whether the text holds a control character (line breaks and tabs included). */
	public static boolean hasControlCharacters(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (Character.isISOControl(text.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	/** The text with control characters shown as {@code \\uXXXX}, cut to 80 characters, for messages. */
	public static String printable(String text) {
		StringBuilder printable = new StringBuilder();
		for (int i = 0; i < text.length() && printable.length() < 80; i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				printable.append(String.format("\\u%04x", (int) c));
			}
			else {
				printable.append(c);
			}
		}
		return (printable.length() >= 80) ? printable + "..." : printable.toString();
	}

}
