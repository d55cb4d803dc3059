package io.github.phasedmigration.backfill.jdbc;

import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Makes records of the rows of one query, matching column labels to components as
 * {@link DataClassRowMapper} does ({@code customer_id} or {@code customerId} for
 * {@code customerId}) and converting as it does, but finding the columns once per query instead of
 * building a {@code BeanWrapper} per row: a backfill reads every row of the table. One instance per
 * query, as it keeps the columns it found in the first row.
 *
 * <p>Kept over Spring's mappers on the evidence of {@code RowMapperBenchmark} in the benchmarks
 * module ({@code benchmarks/run.sh shortcuts}, section "Shortcuts against the library path they
 * replace" of its README; issue 15: a shortcut stays only if it saves more than 5% of the call it
 * sits on). A record of ten components of mixed types read from snake_case columns, a page of 1000
 * rows through {@link JdbcBackfillTable#readAfter} on H2 in memory: about 410 µs with this mapper,
 * 1,280 µs with {@code SimplePropertyRowMapper} (a column looked up by name, and a converter, per
 * component and row) and 21,000 µs with {@code DataClassRowMapper} (which first looks a component
 * named in two words up under a name without underscore, so one {@code SQLException} per such
 * component and row). About 0.9 µs saved a row, 12% of the 7 µs a row that the backfill's copy from
 * MariaDB to PostgreSQL takes in that README. {@code SimplePropertyRowMapper} would also refuse a
 * {@code NULL} for a primitive component, which this mapper, as {@code DataClassRowMapper}, reads
 * as the primitive's default.
 *
 * @param <R> the record type
 */
final class RecordRowMapper<R> implements RowMapper<R> {

	private final RecordComponents<R> components;

	private final String source;

	private int @Nullable [] columns;

	/**
	 * @param source what is read, for messages
	 */
	RecordRowMapper(RecordComponents<R> components, String source) {
		this.components = components;
		this.source = source;
	}

	@Override
	public R mapRow(ResultSet rs, int rowNum) throws SQLException {
		int[] columns = this.columns;
		if (columns == null) {
			columns = columns(rs.getMetaData());
			this.columns = columns;
		}
		@Nullable Object[] arguments = new Object[columns.length];
		for (int i = 0; i < columns.length; i++) {
			Class<?> type = this.components.component(i).getType();
			Object value = JdbcUtils.getResultSetValue(rs, columns[i], type);
			arguments[i] = argument(value, type);
		}
		return this.components.construct(arguments);
	}

	private static @Nullable Object argument(@Nullable Object value, Class<?> type) {
		if (value == null) {
			// as BeanUtils.instantiateClass does for DataClassRowMapper: a primitive's default
			return type.isPrimitive() ? Array.get(Array.newInstance(type, 1), 0) : null;
		}
		Class<?> boxed = MethodType.methodType(type).wrap().returnType();
		if (boxed.isInstance(value)) {
			return value;
		}
		Object converted = DefaultConversionService.getSharedInstance().convert(value, boxed);
		if (converted == null) {
			throw new IllegalStateException("Cannot convert " + value + " to " + type.getName());
		}
		return converted;
	}

	private int[] columns(ResultSetMetaData metaData) throws SQLException {
		int count = metaData.getColumnCount();
		int[] columns = new int[this.components.size()];
		for (int i = 0; i < columns.length; i++) {
			columns[i] = -1;
			for (int column = 1; column <= count && columns[i] < 0; column++) {
				if (this.components.indexOfColumn(JdbcUtils.lookupColumnName(metaData, column)) == i) {
					columns[i] = column;
				}
			}
			if (columns[i] < 0) {
				throw new IllegalStateException(this.source + " selects no column for " + this.components.describe(i)
						+ ": label one " + snakeCase(this.components.component(i).getName())
						+ " in select(...), or give a rowMapper(...)");
			}
		}
		return columns;
	}

	private static String snakeCase(String name) {
		StringBuilder result = new StringBuilder();
		for (char c : name.toCharArray()) {
			if (Character.isUpperCase(c)) {
				result.append('_').append(Character.toLowerCase(c));
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

}
