package io.github.phasedmigration.journal.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the text limits of {@link JournalColumns}, which need no database.
 */
class JournalColumnsTests {

	@Test
	void storedKeyKeepsShortKeysAndShortensLongOnesDeterministically() {
		assertThat(JournalColumns.storedKey(null)).isNull();
		String fits = "k".repeat(JournalColumns.MAX_KEY_LENGTH);
		assertThat(JournalColumns.storedKey(fits)).isSameAs(fits);
		String longKey = fits + "1";
		assertThat(JournalColumns.storedKey(longKey)).hasSize(JournalColumns.MAX_KEY_LENGTH)
			.startsWith("kkk")
			.isEqualTo(JournalColumns.storedKey(new String(longKey)))
			.isNotEqualTo(JournalColumns.storedKey(fits + "2"));
	}

	@Test
	void truncateNeverSplitsASurrogatePair() {
		String error = "e".repeat(JournalColumns.MAX_ERROR_LENGTH - 4) + "\ud83d\ude00" + "tail";
		String truncated = JournalColumns.truncate(error);
		assertThat(truncated).hasSizeLessThanOrEqualTo(JournalColumns.MAX_ERROR_LENGTH).endsWith("e...");
		assertThat(JournalColumns.truncate("short")).isEqualTo("short");
	}

}
