package io.github.phasedmigration.benchmarks.journal;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * The writes of the journal benchmarks: old upserts a balance into {@code table_a}, new the same
 * into {@code table_b}, both on one PostgreSQL database through the application's one
 * {@code DataSource} (a Hikari pool), each statement in auto-commit unless the caller has a
 * transaction open. The migrations are keyed by the account id ({@code key = "#id"}), so every
 * second write takes the journal's per-key path. One annotated class per migration, because the
 * mode belongs to the migration.
 */
public final class JournalImplementations {

	/** The tables of both sides. */
	public static final String CREATE_TABLES = """
			CREATE TABLE table_a (id BIGINT PRIMARY KEY, amount_cents BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
			CREATE TABLE table_b (id BIGINT PRIMARY KEY, amount_cents BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)
			""";

	private static final String UPSERT = " (id, amount_cents, updated_at) VALUES (?, ?, now())"
			+ " ON CONFLICT (id) DO UPDATE SET amount_cents = EXCLUDED.amount_cents, updated_at = EXCLUDED.updated_at";

	private JournalImplementations() {
	}

	/** The old write, as it is before any migration; also the first half of the hand-written dual write. */
	public static class TableAWriter {

		private final JdbcTemplate jdbc;

		public TableAWriter(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public void upsert(long id, long amountCents) {
			this.jdbc.update("INSERT INTO table_a" + UPSERT, id, amountCents);
		}

	}

	/** The new write ({@code newImpl} of every migration below but the failing one); the replays' target. */
	public static class TableBWriter {

		private final JdbcTemplate jdbc;

		public TableBWriter(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public void upsert(long id, long amountCents) {
			this.jdbc.update("INSERT INTO table_b" + UPSERT, id, amountCents);
		}

	}

	/** A new side that is down: it throws at once, as a pool that cannot connect would. */
	public static class UnreachableTableBWriter {

		public void upsert(long id, long amountCents) {
			throw new DataAccessResourceFailureException("table_b is unreachable (benchmark)");
		}

	}

	/** SHADOW: old, then new; also the method whose journal entries the replay benchmark replays. */
	public static class ShadowTableAWriter extends TableAWriter {

		public ShadowTableAWriter(JdbcTemplate jdbc) {
			super(jdbc);
		}

		@Override
		@PhasedMigration(name = "journal-shadow", newImpl = TableBWriter.class, kind = MigrationKind.WRITE,
				key = "#id")
		public void upsert(long id, long amountCents) {
			super.upsert(id, amountCents);
		}

	}

	/** SHADOW while the journal holds entries of the migration (of other keys). */
	public static class BacklogTableAWriter extends TableAWriter {

		public BacklogTableAWriter(JdbcTemplate jdbc) {
			super(jdbc);
		}

		@Override
		@PhasedMigration(name = "journal-backlog", newImpl = TableBWriter.class, kind = MigrationKind.WRITE,
				key = "#id")
		public void upsert(long id, long amountCents) {
			super.upsert(id, amountCents);
		}

	}

	/** SHADOW whose new side always fails: every call appends a journal entry. */
	public static class JournalingTableAWriter extends TableAWriter {

		public JournalingTableAWriter(JdbcTemplate jdbc) {
			super(jdbc);
		}

		@Override
		@PhasedMigration(name = "journal-failing", newImpl = UnreachableTableBWriter.class,
				kind = MigrationKind.WRITE, key = "#id")
		public void upsert(long id, long amountCents) {
			super.upsert(id, amountCents);
		}

	}

}
