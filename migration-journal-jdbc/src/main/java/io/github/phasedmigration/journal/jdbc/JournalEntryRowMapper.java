package io.github.phasedmigration.journal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.springframework.jdbc.core.RowMapper;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.JournalStatus;

/**
 * Reads a {@link JournalEntry} from a row that has the {@link #COLUMNS}. Its
 * {@link JournalEntry#liveArguments() live arguments} are {@code null}: a row only holds them
 * encoded.
 */
final class JournalEntryRowMapper implements RowMapper<JournalEntry> {

	/** The columns that a query selects for this mapper. */
	static final String COLUMNS = "id, migration, impl, method, entity_key, arguments, cause, last_error, "
			+ "attempts, status, next_attempt_at, created_at, updated_at";

	@Override
	public JournalEntry mapRow(ResultSet rs, int row) throws SQLException {
		long id = rs.getLong("id");
		return new JournalEntry(id, rs.getString("migration"), impl(rs.getString("impl"), id), rs.getString("method"),
				rs.getString("entity_key"), rs.getString("arguments"), cause(rs.getString("cause"), id),
				rs.getString("last_error"), rs.getInt("attempts"), JournalStatus.valueOf(rs.getString("status")),
				Instant.ofEpochMilli(rs.getLong("next_attempt_at")), Instant.ofEpochMilli(rs.getLong("created_at")),
				Instant.ofEpochMilli(rs.getLong("updated_at")), null);
	}

	private static Impl impl(String tag, long id) {
		for (Impl impl : Impl.values()) {
			if (impl.tag().equals(tag)) {
				return impl;
			}
		}
		throw new IllegalStateException("Journal entry " + id + " has an unknown impl '" + tag + "'");
	}

	private static JournalCause cause(String tag, long id) {
		for (JournalCause cause : JournalCause.values()) {
			if (cause.tag().equals(tag)) {
				return cause;
			}
		}
		throw new IllegalStateException("Journal entry " + id + " has an unknown cause '" + tag + "'");
	}

}
