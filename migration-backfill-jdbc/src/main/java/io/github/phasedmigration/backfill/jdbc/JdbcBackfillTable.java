package io.github.phasedmigration.backfill.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

import io.github.phasedmigration.core.backfill.BackfillStore;
import io.github.phasedmigration.jdbc.DatabaseType;
import io.github.phasedmigration.jdbc.DetectedDatabase;

/**
 * A table, or a query, as one side of a backfill: read a page at a time in key order, written in
 * JDBC batches. The new side, written by the backfill and by repair:
 *
 * <pre class="code">
 * JdbcBackfillTable&lt;Long, PendingPayment&gt; payments = JdbcBackfillTable
 *     .builder(dataSource, Long.class, PendingPayment.class)
 *     .table("pending_payments")
 *     .keyColumn("order_id")
 *     .columns("order_id", "customer_id", "amount_cents")  // in the record's order
 *     .build();
 * </pre>
 *
 * The old side, read from a table of another shape (read only: its writes throw
 * {@link UnsupportedOperationException}):
 *
 * <pre class="code">
 * JdbcBackfillTable&lt;Long, PendingPayment&gt; orders = JdbcBackfillTable
 *     .builder(oldDataSource, Long.class, PendingPayment.class)
 *     .select("id AS order_id, customer_id, amount_cents")
 *     .from("orders")
 *     .where("payment_status = 'PENDING'")
 *     .keyColumn("id")
 *     .build();
 * </pre>
 *
 * <p>
 * Reads are {@code SELECT <select> FROM <from> WHERE (<where>) AND <key> > ? ORDER BY <key>
 * LIMIT ?}: keyset pagination, never {@code OFFSET}, so an index on the key column makes every
 * page cost the same. Unless a {@link JdbcBackfillTableBuilder#rowMapper row mapper} is given, the
 * selected columns' labels name the record's components, as for a {@link DataClassRowMapper}
 * ({@code customer_id} or {@code customerId} for {@code customerId}); records are made through
 * their canonical constructor with the columns found once per page, other classes by a
 * {@code DataClassRowMapper}. The
 * database must order the key column as the key type's {@code compareTo} does: for text keys, a
 * binary collation ({@code COLLATE "C"} on PostgreSQL, {@code utf8mb4_bin} on MariaDB and MySQL).
 *
 * <p>
 * Writes run one JDBC batch per call (one statement, executed every
 * {@link JdbcBackfillTableBuilder#batchSize batch size} rows), in the caller's transaction when
 * there is one and in a transaction of their own otherwise (READ COMMITTED on MariaDB and MySQL, where the default
 * REPEATABLE READ would lock the gaps between keys against the dual writes' inserts):
 * <table>
 * <caption>The SQL of the writes</caption>
 * <tr><th>Database</th><th>{@link #upsert}</th><th>{@link #insertMissing}</th></tr>
 * <tr><td>PostgreSQL</td><td>{@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c}</td>
 * <td>{@code INSERT ... ON CONFLICT (key) DO NOTHING}</td></tr>
 * <tr><td>MariaDB, MySQL</td><td>{@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)}</td>
 * <td>{@code INSERT ... ON DUPLICATE KEY UPDATE key = key}</td></tr>
 * <tr><td>H2</td><td>{@code MERGE INTO t (...) KEY (key) VALUES (...)}</td>
 * <td>{@code MERGE INTO t USING (VALUES (...)) ... WHEN NOT MATCHED THEN INSERT ...}</td></tr>
 * </table>
 * The key column needs a primary key or unique constraint. On other databases reads work (paged
 * with {@code setMaxRows} instead of {@code LIMIT}) and writes throw
 * {@link UnsupportedOperationException}. {@link #delete} is {@code DELETE FROM t WHERE key = ?}.
 *
 * <p>
 * Table and column names are written into the SQL as they are, not quoted, so they are checked
 * against {@code [A-Za-z_][A-Za-z0-9_.]*}; {@code select}, {@code from} and {@code where} are SQL
 * fragments written by the developer, never to be built from user input.
 *
 * @param <K> the key
 * @param <R> a record
 */
public final class JdbcBackfillTable<K extends Comparable<? super K>, R> implements BackfillStore<K, R> {

	/** Rows per execution of a write batch, unless {@link JdbcBackfillTableBuilder#batchSize} says otherwise. */
	public static final int DEFAULT_BATCH_SIZE = 1000;

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final String name;

	private final String keyColumn;

	private final String readFirst;

	private final String readNext;

	private final String count;

	private final @Nullable String table;

	private final List<String> columns;

	// null when records are made by a RecordRowMapper per query
	private final @Nullable RowMapper<R> rowMapper;

	private final @Nullable RecordComponents<R> components;

	private final @Nullable Function<R, @Nullable Object[]> values;

	private final Function<R, K> key;

	private final Class<K> keyType;

	private final int batchSize;

	private final TransactionTemplate writes;

	private final TransactionTemplate readCommittedWrites;

	// recognised at the first read or write, not when built
	private final SingletonSupplier<DetectedDatabase> database;

	private volatile @Nullable WriteStatements statements;

	/** A table as built: {@link JdbcBackfillTableBuilder#build()} has checked the parts. */
	JdbcBackfillTable(JdbcBackfillTableBuilder<K, R> builder, @Nullable RecordComponents<R> components,
			Function<R, K> key, @Nullable Function<R, @Nullable Object[]> values) {
		this.jdbcTemplate = new JdbcTemplate(builder.dataSource);
		this.jdbc = JdbcClient.create(this.jdbcTemplate);
		this.table = builder.table;
		this.columns = builder.columns;
		String from = (builder.from != null) ? builder.from : Objects.requireNonNull(builder.table);
		this.name = (builder.table != null) ? builder.table : from;
		this.keyColumn = Objects.requireNonNull(builder.keyColumn);
		String select = (builder.select != null) ? builder.select
				: builder.columns.isEmpty() ? "*" : String.join(", ", builder.columns);
		String filter = (builder.where != null) ? "(" + builder.where + ")" : null;
		String order = " ORDER BY " + this.keyColumn;
		this.readFirst = "SELECT " + select + " FROM " + from + ((filter != null) ? " WHERE " + filter : "") + order;
		this.readNext = "SELECT " + select + " FROM " + from + " WHERE "
				+ ((filter != null) ? filter + " AND " : "") + this.keyColumn + " > ?" + order;
		this.count = "SELECT COUNT(*) FROM " + from + ((filter != null) ? " WHERE " + filter : "");
		this.rowMapper = (builder.rowMapper != null) ? builder.rowMapper
				: (components == null) ? DataClassRowMapper.newInstance(builder.recordType) : null;
		this.components = components;
		this.key = key;
		this.keyType = builder.keyType;
		this.values = values;
		this.batchSize = builder.batchSize;
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(builder.dataSource);
		this.writes = new TransactionTemplate(transactionManager);
		this.readCommittedWrites = new TransactionTemplate(transactionManager);
		this.readCommittedWrites.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.database = SingletonSupplier.of(() -> DetectedDatabase.of(builder.dataSource,
				"Cannot read the database metadata of JdbcBackfillTable " + this.name));
	}

	/**
	 * Starts a table whose records are of {@code recordType}, keyed by a {@code keyType}.
	 * @param dataSource where the table is
	 */
	public static <K extends Comparable<? super K>, R> JdbcBackfillTableBuilder<K, R> builder(DataSource dataSource,
			Class<K> keyType, Class<R> recordType) {
		return new JdbcBackfillTableBuilder<>(dataSource, keyType, recordType);
	}

	@Override
	public List<R> readAfter(@Nullable K after, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be 1 or more, not " + limit);
		}
		boolean useLimit = database().type().supportsLimit();
		String sql = readStatement(after != null, useLimit);
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql);
		if (after != null) {
			statement = statement.param(after);
		}
		statement = useLimit ? statement.param(limit) : statement.withMaxRows(limit);
		return Collections.unmodifiableList(statement.query(rowMapper()).list());
	}

	private RowMapper<R> rowMapper() {
		if (this.rowMapper != null) {
			return this.rowMapper;
		}
		// one per query: it keeps the columns that it found
		return new RecordRowMapper<>(Objects.requireNonNull(this.components), toString());
	}

	/** The query of a page: after a key or from the first record, ended by {@code LIMIT ?} or not. */
	String readStatement(boolean after, boolean limit) {
		return (after ? this.readNext : this.readFirst) + (limit ? " LIMIT ?" : "");
	}

	@Override
	public K keyOf(R record) {
		return this.key.apply(record);
	}

	/** {@code SELECT COUNT(*)} of the rows that {@link #readAfter} reads: exact, and a full scan without an index. */
	@Override
	public long estimateCount() {
		Long rows = this.jdbc.sql(this.count).query(Long.class).single();
		return (rows != null) ? rows : -1;
	}

	@Override
	public void upsert(List<R> records) {
		write(records, (statements) -> statements.upsert());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A row whose key the table holds is left as it is, whatever its other columns hold.
	 */
	@Override
	public void insertMissing(List<R> records) {
		if (records.isEmpty()) {
			return;
		}
		writableValues();
		if (database().type() == DatabaseType.POSTGRESQL && !TransactionSynchronizationManager.isActualTransactionActive()) {
			// PostgreSQL makes each row of ON CONFLICT DO NOTHING a speculative insert, about twice a plain
			// one: look up which keys of the chunk's range the table holds, and insert the others plainly
			try {
				insertAbsent(records);
				return;
			}
			catch (DuplicateKeyException ex) {
				// a concurrent write added one of them between the look and the insert (the transaction rolled
				// back): the statement that skips the rows the table holds does the chunk
			}
		}
		write(records, (statements) -> statements.insertMissing());
	}

	private void insertAbsent(List<R> records) {
		K low = this.key.apply(records.get(0));
		K high = low;
		for (R record : records) {
			K key = this.key.apply(record);
			low = (key.compareTo(low) < 0) ? key : low;
			high = (key.compareTo(high) > 0) ? key : high;
		}
		Object lowest = low;
		Object highest = high;
		WriteStatements statements = statements();
		transaction().executeWithoutResult((status) -> {
			Set<Object> present = new HashSet<>(
					this.jdbcTemplate.queryForList(statements.presentKeys(), this.keyType, lowest, highest));
			List<R> absent = records.stream().filter((record) -> !present.contains(this.key.apply(record))).toList();
			if (!absent.isEmpty()) {
				batch(statements.insert(), absent);
			}
		});
	}

	@Override
	public void delete(List<K> keys) {
		if (keys.isEmpty()) {
			return;
		}
		writableValues();
		String sql = statements().delete();
		transaction().executeWithoutResult((status) -> this.jdbcTemplate.batchUpdate(sql, keys, this.batchSize,
				(statement, key) -> bind(statement, 1, key)));
	}

	private void write(List<R> records, Function<WriteStatements, String> statement) {
		if (records.isEmpty()) {
			return;
		}
		writableValues();
		String sql = statement.apply(statements());
		transaction().executeWithoutResult((status) -> batch(sql, records));
	}

	private void batch(String sql, List<R> records) {
		Function<R, @Nullable Object[]> values = writableValues();
		int width = this.columns.size();
		this.jdbcTemplate.batchUpdate(sql, records, this.batchSize,
				(ps, record) -> {
					@Nullable Object[] row = values.apply(record);
					if (row.length != width) {
						throw new IllegalStateException("values(...) gave " + row.length + " values for " + record
								+ ", not one per column of " + this.name + " " + this.columns);
					}
					for (int i = 0; i < width; i++) {
						bind(ps, i + 1, row[i]);
					}
				});
	}

	private static void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
		if (value instanceof SqlParameterValue parameter) {
			StatementCreatorUtils.setParameterValue(statement, index, parameter, parameter.getValue());
		}
		else if (value == null) {
			// no parameter metadata round trip per null: each database takes the column's type
			statement.setNull(index, Types.NULL);
		}
		else {
			StatementCreatorUtils.setParameterValue(statement, index, SqlTypeValue.TYPE_UNKNOWN, value);
		}
	}

	private Function<R, @Nullable Object[]> writableValues() {
		if (this.values == null) {
			throw new UnsupportedOperationException("JdbcBackfillTable " + this.name + " is read-only: give its builder"
					+ " table(...) and columns(...) to write to it");
		}
		return this.values;
	}

	private TransactionTemplate transaction() {
		return database().type().readCommittedWrites() ? this.readCommittedWrites : this.writes;
	}

	private WriteStatements statements() {
		WriteStatements statements = this.statements;
		if (statements == null) {
			DetectedDatabase database = database();
			statements = WriteStatements.of(database.type(), database.productName(),
					Objects.requireNonNull(this.table), this.keyColumn, this.columns);
			this.statements = statements;
		}
		return statements;
	}

	private DetectedDatabase database() {
		return this.database.obtain();
	}

	@Override
	public String toString() {
		return "JdbcBackfillTable[" + this.name + "]";
	}

}
