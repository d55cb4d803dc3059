package io.github.phasedmigration.backfill.jdbc;

import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Builds a {@link JdbcBackfillTable}. A table that is written needs {@link #table},
 * {@link #keyColumn} and {@link #columns}; one that is only read needs {@link #keyColumn} and
 * {@link #table} or {@link #from}.
 *
 * @param <K> the key
 * @param <R> a record
 */
public final class JdbcBackfillTableBuilder<K extends Comparable<? super K>, R> {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

	final DataSource dataSource;

	final Class<K> keyType;

	final Class<R> recordType;

	@Nullable String table;

	@Nullable String keyColumn;

	List<String> columns = List.of();

	@Nullable String select;

	@Nullable String from;

	@Nullable String where;

	@Nullable RowMapper<R> rowMapper;

	private @Nullable Function<R, @Nullable Object[]> values;

	private @Nullable Function<R, K> key;

	int batchSize = JdbcBackfillTable.DEFAULT_BATCH_SIZE;

	JdbcBackfillTableBuilder(DataSource dataSource, Class<K> keyType, Class<R> recordType) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.keyType = Objects.requireNonNull(keyType, "keyType");
		this.recordType = Objects.requireNonNull(recordType, "recordType");
	}

	/**
	 * The table that writes go to, and reads come from unless {@link #from} is given. Not quoted:
	 * {@code [A-Za-z_][A-Za-z0-9_.]*}, a schema may qualify it.
	 */
	public JdbcBackfillTableBuilder<K, R> table(String table) {
		this.table = identifier("table", table);
		return this;
	}

	/**
	 * The column that holds the key: reads are ordered by it and start after a key with it,
	 * writes find a record's row by it. Not quoted: {@code [A-Za-z_][A-Za-z0-9_.]*}.
	 */
	public JdbcBackfillTableBuilder<K, R> keyColumn(String keyColumn) {
		this.keyColumn = identifier("key column", keyColumn);
		return this;
	}

	/**
	 * The columns that writes fill, in the order of the record's components (or of
	 * {@link #values}); also what reads select unless {@link #select} is given. Not quoted:
	 * {@code [A-Za-z_][A-Za-z0-9_.]*}.
	 */
	public JdbcBackfillTableBuilder<K, R> columns(String... columns) {
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
	public JdbcBackfillTableBuilder<K, R> select(String select) {
		this.select = sql("select", select);
		return this;
	}

	/**
	 * What reads select from, as SQL: a table, or a join; defaults to the {@link #table}. With a
	 * {@code from}, a table given too is only written to.
	 */
	public JdbcBackfillTableBuilder<K, R> from(String from) {
		this.from = sql("from", from);
		return this;
	}

	/** A condition on the rows that reads see, as SQL without parameters, for example {@code status = 'PENDING'}. */
	public JdbcBackfillTableBuilder<K, R> where(String where) {
		this.where = sql("where", where);
		return this;
	}

	/**
	 * Makes a record of a row read. By default, columns are matched to a record's components by
	 * label, as a {@link DataClassRowMapper} matches them (which makes other classes).
	 */
	public JdbcBackfillTableBuilder<K, R> rowMapper(RowMapper<R> rowMapper) {
		this.rowMapper = Objects.requireNonNull(rowMapper, "rowMapper");
		return this;
	}

	/**
	 * The values that writes put in the {@link #columns}, one per column and in their order;
	 * defaults to the record's components in order. A value may be a {@link SqlParameterValue} to
	 * give its SQL type; others are bound as Spring's {@code JdbcTemplate} binds arguments.
	 */
	public JdbcBackfillTableBuilder<K, R> values(Function<R, @Nullable Object[]> values) {
		this.values = Objects.requireNonNull(values, "values");
		return this;
	}

	/**
	 * The key of a record. Defaults to the record component that the key column names
	 * ({@code order_id} names {@code orderId}), else the one written to the key column (by the
	 * position of the key column in {@link #columns}, unless {@link #values} is given), else the one that {@link #select} labels
	 * the key column with ({@code id AS order_id}).
	 */
	public JdbcBackfillTableBuilder<K, R> keyOf(Function<R, K> key) {
		this.key = Objects.requireNonNull(key, "key");
		return this;
	}

	/** Rows per execution of a write batch; {@value JdbcBackfillTable#DEFAULT_BATCH_SIZE} by default. */
	public JdbcBackfillTableBuilder<K, R> batchSize(int batchSize) {
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
