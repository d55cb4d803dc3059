package io.github.phasedmigration.backfill.jdbc;

import java.lang.invoke.MethodType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * page cost the same. Unless a {@link Builder#rowMapper row mapper} is given, the selected
 * columns' labels name the record's components, as for a {@link DataClassRowMapper}
 * ({@code customer_id} or {@code customerId} for {@code customerId}); records are made through
 * their canonical constructor with the columns found once per page, other classes by a
 * {@code DataClassRowMapper}. The
 * database must order the key column as the key type's {@code compareTo} does: for text keys, a
 * binary collation ({@code COLLATE "C"} on PostgreSQL, {@code utf8mb4_bin} on MariaDB and MySQL).
 *
 * <p>
 * Writes run one JDBC batch per call (one statement, executed every
 * {@link Builder#batchSize batch size} rows), in the caller's transaction when there is one and
 * in a transaction of their own otherwise (READ COMMITTED on MariaDB and MySQL, where the default
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

	/** Rows per execution of a write batch, unless {@link Builder#batchSize} says otherwise. */
	public static final int DEFAULT_BATCH_SIZE = 1000;

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

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

	private JdbcBackfillTable(Builder<K, R> builder, @Nullable RecordComponents<R> components, Function<R, K> key,
			@Nullable Function<R, @Nullable Object[]> values) {
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
	public static <K extends Comparable<? super K>, R> Builder<K, R> builder(DataSource dataSource,
			Class<K> keyType, Class<R> recordType) {
		return new Builder<>(dataSource, keyType, recordType);
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

	/**
	 * Builds a {@link JdbcBackfillTable}. A table that is written needs {@link #table},
	 * {@link #keyColumn} and {@link #columns}; one that is only read needs {@link #keyColumn} and
	 * {@link #table} or {@link #from}.
	 *
	 * @param <K> the key
	 * @param <R> a record
	 */
	public static final class Builder<K extends Comparable<? super K>, R> {

		private final DataSource dataSource;

		private final Class<K> keyType;

		private final Class<R> recordType;

		private @Nullable String table;

		private @Nullable String keyColumn;

		private List<String> columns = List.of();

		private @Nullable String select;

		private @Nullable String from;

		private @Nullable String where;

		private @Nullable RowMapper<R> rowMapper;

		private @Nullable Function<R, @Nullable Object[]> values;

		private @Nullable Function<R, K> key;

		private int batchSize = DEFAULT_BATCH_SIZE;

		private Builder(DataSource dataSource, Class<K> keyType, Class<R> recordType) {
			this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
			this.keyType = Objects.requireNonNull(keyType, "keyType");
			this.recordType = Objects.requireNonNull(recordType, "recordType");
		}

		/**
		 * The table that writes go to, and reads come from unless {@link #from} is given. Not quoted:
		 * {@code [A-Za-z_][A-Za-z0-9_.]*}, a schema may qualify it.
		 */
		public Builder<K, R> table(String table) {
			this.table = identifier("table", table);
			return this;
		}

		/**
		 * The column that holds the key: reads are ordered by it and start after a key with it,
		 * writes find a record's row by it. Not quoted: {@code [A-Za-z_][A-Za-z0-9_.]*}.
		 */
		public Builder<K, R> keyColumn(String keyColumn) {
			this.keyColumn = identifier("key column", keyColumn);
			return this;
		}

		/**
		 * The columns that writes fill, in the order of the record's components (or of
		 * {@link #values}); also what reads select unless {@link #select} is given. Not quoted:
		 * {@code [A-Za-z_][A-Za-z0-9_.]*}.
		 */
		public Builder<K, R> columns(String... columns) {
			if (columns.length == 0) {
				throw new IllegalArgumentException("columns(...) of " + this.recordType.getSimpleName()
						+ " needs at least one column");
			}
			List<String> checked = new ArrayList<>(columns.length);
			for (String column : columns) {
				checked.add(identifier("column", column));
			}
			this.columns = List.copyOf(checked);
			return this;
		}

		/**
		 * What reads select, as SQL, for example {@code id AS order_id, customer_id, amount_cents}:
		 * the labels name the record's components for the default row mapper. Defaults to the
		 * {@link #columns}, or {@code *} without them.
		 */
		public Builder<K, R> select(String select) {
			this.select = sql("select", select);
			return this;
		}

		/**
		 * What reads select from, as SQL: a table, or a join; defaults to the {@link #table}. With a
		 * {@code from}, a table given too is only written to.
		 */
		public Builder<K, R> from(String from) {
			this.from = sql("from", from);
			return this;
		}

		/** A condition on the rows that reads see, as SQL without parameters, for example {@code status = 'PENDING'}. */
		public Builder<K, R> where(String where) {
			this.where = sql("where", where);
			return this;
		}

		/**
		 * Makes a record of a row read. By default, columns are matched to a record's components by
		 * label, as a {@link DataClassRowMapper} matches them (which makes other classes).
		 */
		public Builder<K, R> rowMapper(RowMapper<R> rowMapper) {
			this.rowMapper = Objects.requireNonNull(rowMapper, "rowMapper");
			return this;
		}

		/**
		 * The values that writes put in the {@link #columns}, one per column and in their order;
		 * defaults to the record's components in order. A value may be a {@link SqlParameterValue} to
		 * give its SQL type; others are bound as Spring's {@code JdbcTemplate} binds arguments.
		 */
		public Builder<K, R> values(Function<R, @Nullable Object[]> values) {
			this.values = Objects.requireNonNull(values, "values");
			return this;
		}

		/**
		 * The key of a record. Defaults to the record component that the key column names
		 * ({@code order_id} names {@code orderId}), else the one written to the key column (by the
		 * position of the key column in {@link #columns}, unless {@link #values} is given), else the one that {@link #select} labels
		 * the key column with ({@code id AS order_id}).
		 */
		public Builder<K, R> keyOf(Function<R, K> key) {
			this.key = Objects.requireNonNull(key, "key");
			return this;
		}

		/** Rows per execution of a write batch; {@value JdbcBackfillTable#DEFAULT_BATCH_SIZE} by default. */
		public Builder<K, R> batchSize(int batchSize) {
			if (batchSize < 1) {
				throw new IllegalArgumentException("batchSize must be 1 or more, not " + batchSize);
			}
			this.batchSize = batchSize;
			return this;
		}

		/**
		 * Builds the table. Does not connect: the database is recognised at the first read or write.
		 * @throws IllegalStateException when a part is missing or does not fit the record type
		 */
		public JdbcBackfillTable<K, R> build() {
			String type = this.recordType.getSimpleName();
			if (this.keyColumn == null) {
				throw new IllegalStateException("JdbcBackfillTable of " + type + " needs keyColumn(...)");
			}
			if (this.table == null && this.from == null) {
				throw new IllegalStateException(
						"JdbcBackfillTable of " + type + " needs table(...), or from(...) to only read");
			}
			boolean writable = this.table != null && !this.columns.isEmpty();
			// only what is not given is read from the record type
			RecordComponents<R> components = (this.rowMapper == null || this.key == null
					|| (writable && this.values == null)) ? RecordComponents.of(this.recordType) : null;
			if (writable && WriteStatements.indexOf(this.columns, this.keyColumn) < 0) {
				throw new IllegalStateException("The key column " + this.keyColumn + " of " + this.table
						+ " must be one of its columns written " + this.columns);
			}
			Function<R, @Nullable Object[]> values = writable ? values(components, type) : null;
			RecordComponents<R> readComponents = (this.rowMapper == null) ? components : null;
			return new JdbcBackfillTable<>(this, readComponents, key(components, type), values);
		}

		private Function<R, @Nullable Object[]> values(@Nullable RecordComponents<R> components, String type) {
			if (this.values != null) {
				return this.values;
			}
			if (components == null) {
				throw new IllegalStateException(type + " is not a record: give values(...) to write its "
						+ this.columns + " to " + this.table);
			}
			if (components.size() != this.columns.size()) {
				throw new IllegalStateException(type + " has " + components.size() + " components but "
						+ this.columns.size() + " columns " + this.columns + " are written to " + this.table
						+ ": give one column per component, in order, or values(...)");
			}
			return components.values();
		}

		private Function<R, K> key(@Nullable RecordComponents<R> components, String type) {
			if (this.key != null) {
				return this.key;
			}
			String keyColumn = Objects.requireNonNull(this.keyColumn);
			if (components == null) {
				throw new IllegalStateException(type + " is not a record: give keyOf(...) to read its key");
			}
			int index = components.indexOfColumn(keyColumn);
			// by position only when the components are the values, in the columns' order
			if (index < 0 && !this.columns.isEmpty() && this.values == null) {
				index = WriteStatements.indexOf(this.columns, keyColumn);
				index = (index < components.size()) ? index : -1;
			}
			if (index < 0 && this.select != null) {
				String label = label(this.select, keyColumn);
				index = (label != null) ? components.indexOfColumn(label) : -1;
			}
			if (index < 0) {
				throw new IllegalStateException("No component of " + type + " holds the key column " + keyColumn
						+ ": give keyOf(...), for example keyOf(" + type + "::id)");
			}
			Class<?> componentType = boxed(components.component(index).getType());
			if (!this.keyType.isAssignableFrom(componentType)) {
				throw new IllegalStateException(components.describe(index) + " holds the key column " + keyColumn
						+ " but is a " + components.component(index).getType().getName() + ", not a "
						+ this.keyType.getName() + ": give keyOf(...)");
			}
			return components.value(index, this.keyType);
		}

		/** The label that a select list gives a column ({@code id AS order_id} gives {@code order_id}). */
		static @Nullable String label(String select, String column) {
			Pattern item = Pattern.compile("\\s*" + Pattern.quote(column) + "\\s+(?:AS\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*",
					Pattern.CASE_INSENSITIVE);
			for (String part : select.split(",")) {
				Matcher matcher = item.matcher(part);
				if (matcher.matches()) {
					return matcher.group(1);
				}
			}
			return null;
		}

		private static Class<?> boxed(Class<?> type) {
			return MethodType.methodType(type).wrap().returnType();
		}

		private String identifier(String what, String name) {
			Objects.requireNonNull(name, what);
			if (!IDENTIFIER.matcher(name).matches()) {
				throw new IllegalArgumentException("Invalid " + what + " name '" + name + "' for the JdbcBackfillTable of "
						+ this.recordType.getSimpleName() + ": names are written into the SQL as they are, not quoted,"
						+ " so they must match " + IDENTIFIER.pattern());
			}
			return name;
		}

		private String sql(String what, String sql) {
			Objects.requireNonNull(sql, what);
			if (sql.isBlank()) {
				throw new IllegalArgumentException(what + "(...) of the JdbcBackfillTable of "
						+ this.recordType.getSimpleName() + " is blank");
			}
			return sql.strip();
		}

	}

}
