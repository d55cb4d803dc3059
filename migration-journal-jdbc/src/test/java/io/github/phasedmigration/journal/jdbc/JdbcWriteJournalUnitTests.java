package io.github.phasedmigration.journal.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the text limits of {@link JdbcWriteJournal}, which need no database.
 */
class JdbcWriteJournalUnitTests {

	@Test
	void storedKeyKeepsShortKeysAndShortensLongOnesDeterministically() {
		assertThat(JdbcWriteJournal.storedKey(null)).isNull();
		String fits = "k".repeat(JdbcWriteJournal.MAX_KEY_LENGTH);
		assertThat(JdbcWriteJournal.storedKey(fits)).isSameAs(fits);
		String longKey = fits + "1";
		assertThat(JdbcWriteJournal.storedKey(longKey)).hasSize(JdbcWriteJournal.MAX_KEY_LENGTH)
			.startsWith("kkk")
			.isEqualTo(JdbcWriteJournal.storedKey(new String(longKey)))
			.isNotEqualTo(JdbcWriteJournal.storedKey(fits + "2"));
	}

	@Test
	void truncateNeverSplitsASurrogatePair() {
		String error = "e".repeat(JdbcWriteJournal.MAX_ERROR_LENGTH - 4) + "\ud83d\ude00" + "tail";
		String truncated = JdbcWriteJournal.truncate(error);
		assertThat(truncated).hasSizeLessThanOrEqualTo(JdbcWriteJournal.MAX_ERROR_LENGTH).endsWith("e...");
		assertThat(JdbcWriteJournal.truncate("short")).isEqualTo("short");
	}

}
