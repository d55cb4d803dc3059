package io.github.phasedmigration.journal.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.journal.NewJournalEntry;

/**
 * What the journal's columns hold: their widths, and how a key or an error longer than its column
 * is made to fit. A longer name is refused instead: the journal could not tell two apart.
 */
final class JournalColumns {

	static final int MAX_MIGRATION_LENGTH = 100;

	static final int MAX_METHOD_LENGTH = 500;

	static final int MAX_KEY_LENGTH = 255;

	static final int MAX_ERROR_LENGTH = 2000;

	private JournalColumns() {
	}

	/**
	 * Refuses an entry whose migration or method does not fit its column.
	 * @throws IllegalArgumentException naming the longer value
	 */
	static void checkFits(NewJournalEntry entry) {
		checkLength("migration", entry.migration(), MAX_MIGRATION_LENGTH);
		checkLength("method", entry.method(), MAX_METHOD_LENGTH);
	}

	private static void checkLength(String name, String value, int max) {
		if (value.length() > max) {
			throw new IllegalArgumentException("The journal keeps a " + name + " of at most " + max
					+ " characters, not " + value.length() + ": '" + value + "'");
		}
	}

	/**
	 * The key as the table holds it. A longer key keeps its start and gets a digest of the whole:
	 * two keys that share the start stay apart, and the same key always maps to the same value.
	 */
	static @Nullable String storedKey(@Nullable String key) {
		if (key == null || key.length() <= MAX_KEY_LENGTH) {
			return key;
		}
		String digest = "#" + sha256(key);
		return cut(key, MAX_KEY_LENGTH - digest.length()) + digest;
	}

	/** The error as the table holds it: a longer one is cut and ends in {@code ...}. */
	static String truncate(String error) {
		if (error.length() <= MAX_ERROR_LENGTH) {
			return error;
		}
		String marker = "...";
		return cut(error, MAX_ERROR_LENGTH - marker.length()) + marker;
	}

	// never splits a surrogate pair: half a character is not valid UTF-8 for the database
	private static String cut(String text, int length) {
		int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
		return text.substring(0, end);
	}

	private static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing", ex);
		}
	}

}
