package io.github.phasedmigration.backfill.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

import io.github.phasedmigration.core.backfill.BackfillCheckpoint;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.CheckpointStore;
import io.github.phasedmigration.jdbc.DatabaseType;
import io.github.phasedmigration.jdbc.DetectedDatabase;
import io.github.phasedmigration.jdbc.OwnTransactions;

/**
 * A {@link CheckpointStore} in the table {@code migration_backfill} of a {@link DataSource}, one
 * row per migration: checkpoints survive a restart, and the instances that share the database
 * share the lease, so only one of them runs a given backfill. Create the table first with the
 * script for the platform, for example:
 *
 * <pre class="code">
 * ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
 *         new DefaultResourceLoader().getResource(JdbcCheckpointStore.schemaLocation("postgresql")));
 * populator.execute(dataSource);   // CREATE TABLE IF NOT EXISTS: safe at every start
 * CheckpointStore checkpoints = new JdbcCheckpointStore(dataSource);
 * </pre>
 *
 * <p>
 * The lease is the row's {@code lease_owner} and {@code lease_until}, changed only by conditional
 * updates: of two instances that ask at once, the database lets one update the row and the other
 * none. {@link #acquire} creates the row of a migration that has none, with the state
 * {@link BackfillState#RUNNING}, no last key and no rows done; {@link #load} reads that back until
 * the first {@link #save}.
 *
 * <p>
 * Every call runs in a transaction of its own ({@code REQUIRES_NEW}, READ COMMITTED on MariaDB
 * and MySQL), whatever transaction the caller has open on the same {@code DataSource}. Times are
 * stored as epoch milliseconds (UTC), so they read back truncated to milliseconds. Errors longer
 * than 2000 characters are stored shortened.
 */
public final class JdbcCheckpointStore implements CheckpointStore {

	/** The checkpoints' table. */
	public static final String TABLE = "migration_backfill";

	/** The longest migration name the table holds. */
	public static final int MAX_MIGRATION_LENGTH = 100;

	/** The longest lease owner the table holds. */
	public static final int MAX_OWNER_LENGTH = 100;

	/** The longest last key, as text, the table holds. */
	public static final int MAX_KEY_LENGTH = 255;

	static final int MAX_ERROR_LENGTH = 2000;

	private static final String COLUMNS = "migration, state, last_key, rows_done, rows_total, started_at, updated_at,"
			+ " finished_at, last_error";

	private static final String TAKE_LEASE = "UPDATE " + TABLE + " SET lease_owner = :owner, lease_until = :until"
			+ " WHERE migration = :migration AND (lease_owner IS NULL OR lease_owner = :owner OR lease_until < :now)";

	private final JdbcClient jdbc;

	private final OwnTransactions transactions;

	// recognised at the first write, not when built
	private final SingletonSupplier<DatabaseType> databaseType;

	/**
	 * Creates a store on the table {@value #TABLE}.
	 * @param dataSource where the table is
	 */
	public JdbcCheckpointStore(DataSource dataSource) {
		Objects.requireNonNull(dataSource, "dataSource");
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new OwnTransactions(dataSource);
		this.databaseType = SingletonSupplier.of(() -> DetectedDatabase
			.of(dataSource, "Cannot read the database metadata of the checkpoint store")
			.type());
	}

	/**
	 * The location of the script that creates the table, for a {@code ResourceDatabasePopulator}.
	 * @param platform {@code postgresql}, {@code mariadb}, {@code mysql} or {@code h2}, as Spring
	 * Boot's {@code DatabaseDriver.getId()} names them
	 * @return a {@code classpath:} location
	 */
	public static String schemaLocation(String platform) {
		return "classpath:io/github/phasedmigration/backfill/jdbc/schema-" + platform + ".sql";
	}

	@Override
	public Optional<BackfillCheckpoint> load(String migration) {
		List<BackfillCheckpoint> found = this.transactions.reads().execute((status) -> this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE migration = :migration")
			.param("migration", migration)
			.query(JdbcCheckpointStore::checkpoint)
			.list());
		return (found != null) ? found.stream().findFirst() : Optional.empty();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A conditional update of the lease; when the migration has no row yet, an insert of one that
	 * {@code owner} holds. Of two owners inserting at once, the second one's insert fails on the
	 * primary key and it falls back to the conditional update, which the first one's lease refuses.
	 */
	@Override
	public boolean acquire(String migration, String owner, Instant now, Instant leaseUntil) {
		checkLength("migration name", migration, MAX_MIGRATION_LENGTH);
		checkOwner(owner);
		if (takeLease(migration, owner, now, leaseUntil)) {
			return true;
		}
		if (exists(migration)) {
			return false;
		}
		try {
			Integer inserted = writes().execute((status) -> this.jdbc
				.sql("INSERT INTO " + TABLE + " (" + COLUMNS + ", lease_owner, lease_until) VALUES (:migration,"
						+ " :state, NULL, 0, -1, :now, :now, NULL, NULL, :owner, :until)")
				.param("migration", migration)
				.param("state", BackfillState.RUNNING.name())
				.param("now", now.toEpochMilli())
				.param("owner", owner)
				.param("until", leaseUntil.toEpochMilli())
				.update());
			return inserted != null && inserted == 1;
		}
		catch (DuplicateKeyException ex) {
			// another owner inserted it since: its lease decides
			return takeLease(migration, owner, now, leaseUntil);
		}
	}

	private boolean takeLease(String migration, String owner, Instant now, Instant leaseUntil) {
		Integer updated = writes().execute((status) -> this.jdbc.sql(TAKE_LEASE)
			.param("owner", owner)
			.param("until", leaseUntil.toEpochMilli())
			.param("migration", migration)
			.param("now", now.toEpochMilli())
			.update());
		return updated != null && updated == 1;
	}

	private boolean exists(String migration) {
		List<Integer> found = this.transactions.reads().execute((status) -> this.jdbc
			.sql("SELECT 1 FROM " + TABLE + " WHERE migration = :migration")
			.param("migration", migration)
			.query(Integer.class)
			.list());
		return found != null && !found.isEmpty();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Also false when the migration has no row: it was {@link #reset} meanwhile.
	 * @throws IllegalArgumentException when the last key is longer than {@value #MAX_KEY_LENGTH}
	 * characters
	 */
	@Override
	public boolean save(BackfillCheckpoint checkpoint, String owner, Instant leaseUntil) {
		checkLength("migration name", checkpoint.migration(), MAX_MIGRATION_LENGTH);
		checkOwner(owner);
		String lastKey = checkpoint.lastKey();
		if (lastKey != null && lastKey.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException("The backfill of " + checkpoint.migration() + " cannot save the key '"
					+ lastKey + "' in its checkpoint: its text has " + lastKey.length() + " characters, and "
					+ TABLE + ".last_key holds at most " + MAX_KEY_LENGTH);
		}
		Instant finishedAt = checkpoint.finishedAt();
		String lastError = checkpoint.lastError();
		Integer updated = writes().execute((status) -> this.jdbc
			.sql("UPDATE " + TABLE + " SET state = :state, last_key = :lastKey, rows_done = :rowsDone,"
					+ " rows_total = :rowsTotal, started_at = :startedAt, updated_at = :updatedAt,"
					+ " finished_at = :finishedAt, last_error = :lastError, lease_until = :until"
					+ " WHERE migration = :migration AND lease_owner = :owner")
			.param("state", checkpoint.state().name())
			.param("lastKey", lastKey)
			.param("rowsDone", checkpoint.rowsDone())
			.param("rowsTotal", checkpoint.rowsTotal())
			.param("startedAt", checkpoint.startedAt().toEpochMilli())
			.param("updatedAt", checkpoint.updatedAt().toEpochMilli())
			.param("finishedAt", (finishedAt != null) ? finishedAt.toEpochMilli() : null, Types.BIGINT)
			.param("lastError", (lastError != null) ? truncate(lastError) : null, Types.VARCHAR)
			.param("until", leaseUntil.toEpochMilli())
			.param("migration", checkpoint.migration())
			.param("owner", owner)
			.update());
		return updated != null && updated == 1;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A lease holds up to and including its last instant, as {@link #acquire} refuses it to others
	 * until then.
	 */
	@Override
	public Optional<String> leaseHolder(String migration, Instant now) {
		List<String> holders = this.transactions.reads().execute((status) -> this.jdbc
			.sql("SELECT lease_owner FROM " + TABLE + " WHERE migration = :migration AND lease_owner IS NOT NULL"
					+ " AND lease_until >= :now")
			.param("migration", migration)
			.param("now", now.toEpochMilli())
			.query(String.class)
			.list());
		return (holders != null) ? holders.stream().findFirst() : Optional.empty();
	}

	@Override
	public void release(String migration, String owner) {
		writes().executeWithoutResult((status) -> this.jdbc
			.sql("UPDATE " + TABLE + " SET lease_owner = NULL, lease_until = NULL"
					+ " WHERE migration = :migration AND lease_owner = :owner")
			.param("migration", migration)
			.param("owner", owner)
			.update());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Deletes the row, lease included: an instance still running the backfill finds out at its next
	 * {@link #save}, which returns false.
	 */
	@Override
	public void reset(String migration) {
		writes().executeWithoutResult((status) -> this.jdbc.sql("DELETE FROM " + TABLE + " WHERE migration = :migration")
			.param("migration", migration)
			.update());
	}

	@Override
	public boolean durable() {
		return true;
	}

	private TransactionTemplate writes() {
		return this.transactions.writes(this.databaseType.obtain());
	}

	private static BackfillCheckpoint checkpoint(ResultSet rs, int row) throws SQLException {
		String migration = rs.getString("migration");
		String state = rs.getString("state");
		BackfillState backfillState;
		try {
			backfillState = BackfillState.valueOf(state);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The checkpoint of " + migration + " has an unknown state '" + state + "'",
					ex);
		}
		return new BackfillCheckpoint(migration, backfillState, rs.getString("last_key"), rs.getLong("rows_done"),
				rs.getLong("rows_total"), Instant.ofEpochMilli(rs.getLong("started_at")),
				Instant.ofEpochMilli(rs.getLong("updated_at")), instant(rs, "finished_at"), rs.getString("last_error"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		long millis = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
	}

	private static void checkOwner(String owner) {
		if (owner.isBlank()) {
			throw new IllegalArgumentException("The owner of a backfill's lease must not be blank");
		}
		checkLength("lease owner", owner, MAX_OWNER_LENGTH);
	}

	private static void checkLength(String name, String value, int max) {
		if (value.length() > max) {
			throw new IllegalArgumentException("The checkpoint table " + TABLE + " keeps a " + name + " of at most "
					+ max + " characters, not " + value.length() + ": '" + value + "'");
		}
	}

	static String truncate(String error) {
		if (error.length() <= MAX_ERROR_LENGTH) {
			return error;
		}
		String marker = "...";
		int end = MAX_ERROR_LENGTH - marker.length();
		// never half a surrogate pair: it is not valid UTF-8 for the database
		if (Character.isHighSurrogate(error.charAt(end - 1))) {
			end--;
		}
		return error.substring(0, end) + marker;
	}

}
