package io.github.phasedmigration.benchmarks.backfill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore;
import io.github.phasedmigration.benchmarks.journal.BenchmarkDatabase;
import io.github.phasedmigration.benchmarks.journal.BenchmarkDatabase.Server;

/**
 * The two databases of the backfill benchmark, each of its own and dropped on {@link #close()}: on
 * MariaDB the source table {@code orders}, seeded with {@code rows} rows of ids 1 to {@code rows};
 * on PostgreSQL the target table {@code pending_payments} and the checkpoint table
 * {@code migration_backfill}, made by the script that migration-backfill-jdbc ships. One Hikari
 * pool on each, of the same settings; the PostgreSQL URL has {@code reWriteBatchedInserts=true},
 * the MariaDB one the driver's defaults. A second pool on PostgreSQL commits asynchronously, for
 * the checkpoints of one of the cases ({@link #asyncCommitTarget()}).
 */
final class BackfillDatabases implements AutoCloseable {

	/** Connections of each pool. */
	static final int POOL_SIZE = 4;

	/** Rows per multi-row INSERT while seeding. */
	private static final int SEED_ROWS_PER_STATEMENT = 2_000;

	private static final String[] STATUSES = { "PENDING", "PAID", "PAID", "PAID", "REFUNDED" };

	private final BenchmarkDatabase sourceDatabase;

	private final BenchmarkDatabase targetDatabase;

	private final HikariDataSource source;

	private final HikariDataSource target;

	private final HikariDataSource asyncCommitTarget;

	private final int rows;

	private BackfillDatabases(BenchmarkDatabase sourceDatabase, BenchmarkDatabase targetDatabase,
			HikariDataSource source, HikariDataSource target, HikariDataSource asyncCommitTarget, int rows) {
		this.sourceDatabase = sourceDatabase;
		this.targetDatabase = targetDatabase;
		this.source = source;
		this.target = target;
		this.asyncCommitTarget = asyncCommitTarget;
		this.rows = rows;
	}

	/** Creates both databases, their tables and pools, and seeds {@code orders}. */
	static BackfillDatabases create(int rows) throws SQLException {
		BenchmarkDatabase sourceDatabase = BenchmarkDatabase.create(Server.MARIADB);
		BenchmarkDatabase targetDatabase = null;
		HikariDataSource source = null;
		HikariDataSource target = null;
		HikariDataSource asyncCommitTarget = null;
		try {
			targetDatabase = BenchmarkDatabase.create(Server.POSTGRESQL);
			source = pool("backfill-source", sourceDatabase, "", null);
			target = pool("backfill-target", targetDatabase, "&reWriteBatchedInserts=true", null);
			asyncCommitTarget = pool("backfill-target-async-commit", targetDatabase, "&reWriteBatchedInserts=true",
					"SET synchronous_commit = off");
			BackfillDatabases databases = new BackfillDatabases(sourceDatabase, targetDatabase, source, target,
					asyncCommitTarget, rows);
			databases.createTables();
			databases.seed();
			return databases;
		}
		catch (RuntimeException | SQLException ex) {
			try {
				closeAll(sourceDatabase, targetDatabase, source, target, asyncCommitTarget);
			}
			catch (SQLException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw ex;
		}
	}

	private static HikariDataSource pool(String name, BenchmarkDatabase database, String urlOptions,
			@Nullable String connectionInitSql) {
		HikariConfig config = new HikariConfig();
		config.setConnectionInitSql(connectionInitSql);
		config.setPoolName(name);
		config.setJdbcUrl(database.url() + urlOptions);
		config.setUsername(database.server().user());
		config.setPassword(database.server().password());
		config.setMaximumPoolSize(POOL_SIZE);
		config.setMinimumIdle(POOL_SIZE);
		return new HikariDataSource(config);
	}

	/** MariaDB, where {@code orders} is. */
	DataSource source() {
		return this.source;
	}

	/** PostgreSQL, where {@code pending_payments} and {@code migration_backfill} are. */
	DataSource target() {
		return this.target;
	}

	/**
	 * Another pool on PostgreSQL, of the same settings, whose sessions commit without waiting for
	 * the WAL flush ({@code synchronous_commit = off}): what checkpoints would cost if
	 * {@code JdbcCheckpointStore} committed them so on PostgreSQL.
	 */
	DataSource asyncCommitTarget() {
		return this.asyncCommitTarget;
	}

	int rows() {
		return this.rows;
	}

	private void createTables() throws SQLException {
		execute(this.source, "CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, customer_id BIGINT NOT NULL,"
				+ " amount_cents BIGINT NOT NULL, payment_status VARCHAR(16) NOT NULL) ENGINE=InnoDB");
		execute(this.target, "CREATE TABLE pending_payments (order_id BIGINT NOT NULL PRIMARY KEY,"
				+ " customer_id BIGINT NOT NULL, amount_cents BIGINT NOT NULL)");
		new ResourceDatabasePopulator(
				new DefaultResourceLoader().getResource(JdbcCheckpointStore.schemaLocation("postgresql")))
			.execute(this.target);
	}

	/**
	 * Fills {@code orders} with multi-row INSERTs in key order (InnoDB appends to its clustered
	 * index), values derived from the id so that every run copies the same rows; then
	 * {@code ANALYZE TABLE}.
	 */
	private void seed() throws SQLException {
		try (Connection connection = this.source.getConnection(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			StringBuilder sql = new StringBuilder(SEED_ROWS_PER_STATEMENT * 40);
			for (long first = 1; first <= this.rows; first += SEED_ROWS_PER_STATEMENT) {
				long last = Math.min(this.rows, first + SEED_ROWS_PER_STATEMENT - 1);
				sql.setLength(0);
				sql.append("INSERT INTO orders (id, customer_id, amount_cents, payment_status) VALUES ");
				for (long id = first; id <= last; id++) {
					long mixed = mix(id);
					sql.append(id == first ? "(" : ",(")
						.append(id)
						.append(',')
						.append(1 + Math.floorMod(mixed, 50_000))
						.append(',')
						.append(100 + Math.floorMod(mixed >>> 20, 1_000_000))
						.append(",'")
						.append(STATUSES[Math.floorMod(mixed >>> 40, STATUSES.length)])
						.append("')");
				}
				statement.executeUpdate(sql.toString());
			}
			connection.commit();
			connection.setAutoCommit(true);
			statement.execute("ANALYZE TABLE orders");
		}
	}

	/** A fixed scramble of an id (SplitMix64's finalizer): customers, amounts and states that look random. */
	private static long mix(long id) {
		long z = id * 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/**
	 * Empties the target and makes PostgreSQL write its dirty pages now ({@code CHECKPOINT}), so
	 * that every copy starts from an empty table and none pays for the flush of the one before it.
	 */
	void emptyTarget() throws SQLException {
		execute(this.target, "TRUNCATE pending_payments");
		execute(this.target, "CHECKPOINT");
	}

	/**
	 * Checks that the target holds what the source holds: the same count and the same sums of each
	 * column (the verify of the run compares record by record).
	 * @throws IllegalStateException when they differ
	 */
	void checkTargetComplete() throws SQLException {
		long[] source = totals(this.source, "SELECT COUNT(*), SUM(id), SUM(customer_id), SUM(amount_cents) FROM orders");
		long[] target = totals(this.target,
				"SELECT COUNT(*), SUM(order_id), SUM(customer_id), SUM(amount_cents) FROM pending_payments");
		if (source[0] != this.rows || !Arrays.equals(source, target)) {
			throw new IllegalStateException("The copy is not complete: orders has (count, sums of id, customer_id, "
					+ "amount_cents) " + Arrays.toString(source) + ", pending_payments " + Arrays.toString(target));
		}
	}

	private static long[] totals(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return new long[] { result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4) };
		}
	}

	static void execute(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** Closes the pools, then drops both databases. */
	@Override
	public void close() throws SQLException {
		closeAll(this.sourceDatabase, this.targetDatabase, this.source, this.target, this.asyncCommitTarget);
	}

	private static void closeAll(@Nullable BenchmarkDatabase sourceDatabase,
			@Nullable BenchmarkDatabase targetDatabase, @Nullable HikariDataSource... pools) throws SQLException {
		for (HikariDataSource pool : pools) {
			if (pool != null) {
				pool.close();
			}
		}
		SQLException failure = null;
		for (BenchmarkDatabase database : new BenchmarkDatabase[] { sourceDatabase, targetDatabase }) {
			if (database == null) {
				continue;
			}
			try {
				database.close();
			}
			catch (SQLException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
