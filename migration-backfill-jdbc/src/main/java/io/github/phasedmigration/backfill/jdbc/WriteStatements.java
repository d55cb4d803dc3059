package io.github.phasedmigration.backfill.jdbc;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.phasedmigration.jdbc.DatabaseType;

/**
 * The SQL of a {@link JdbcBackfillTable}'s writes on one database. Each statement takes the
 * record's values in the order of {@code columns}, one row per execution of a batch; the delete
 * takes the key alone.
 *
 * @param upsert inserts a row, or overwrites the row of its key
 * @param insertMissing inserts a row unless the table holds its key already
 * @param delete deletes the row of a key
 */
record WriteStatements(String upsert, String insertMissing, String delete, String insert, String presentKeys) {

	/** The products that batch writes support, for messages. */
	private static final String SUPPORTED = "PostgreSQL, MariaDB, MySQL and H2";

	static WriteStatements of(DatabaseType type, String productName, String table, String keyColumn,
			List<String> columns) {
		String columnList = String.join(", ", columns);
		String values = "VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
		String insert = "INSERT INTO " + table + " (" + columnList + ") " + values;
		List<String> others = columns.stream().filter((column) -> !column.equalsIgnoreCase(keyColumn)).toList();
		String delete = "DELETE FROM " + table + " WHERE " + keyColumn + " = ?";
		String presentKeys = "SELECT " + keyColumn + " FROM " + table + " WHERE " + keyColumn + " BETWEEN ? AND ?";
		return switch (type) {
			case POSTGRESQL -> new WriteStatements(insert + " ON CONFLICT (" + keyColumn + ") "
					+ (others.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + assignments(others, "EXCLUDED.%s")),
					insert + " ON CONFLICT (" + keyColumn + ") DO NOTHING", delete, insert, presentKeys);
			// VALUES(c): MySQL 8.0.20+ calls it deprecated in favour of a row alias, which MariaDB lacks.
			// A no-op update rather than INSERT IGNORE, which also turns a value too long for its
			// column, a NOT NULL or a foreign key violation into a warning and writes the row anyway
			case MARIADB, MYSQL -> new WriteStatements(
					insert + " ON DUPLICATE KEY UPDATE "
							+ (others.isEmpty() ? keyColumn + " = " + keyColumn : assignments(others, "VALUES(%s)")),
					insert + " ON DUPLICATE KEY UPDATE " + keyColumn + " = " + keyColumn, delete, insert, presentKeys);
			case H2 -> new WriteStatements(
					"MERGE INTO " + table + " (" + columnList + ") KEY (" + keyColumn + ") " + values,
					h2InsertMissing(table, keyColumn, columns, values), delete, insert, presentKeys);
			case OTHER -> throw new UnsupportedOperationException("JdbcBackfillTable writes to " + table
					+ " on " + SUPPORTED + ", not on " + productName
					+ ": read with it, and write with a BackfillSink of your own");
		};
	}

	private static String assignments(List<String> columns, String valueFormat) {
		return columns.stream()
			.map((column) -> column + " = " + valueFormat.formatted(column))
			.collect(Collectors.joining(", "));
	}

	// the source's columns get names of their own: the table's may be qualified or clash with SQL words
	private static String h2InsertMissing(String table, String keyColumn, List<String> columns, String values) {
		List<String> sourceColumns = IntStream.rangeClosed(1, columns.size()).mapToObj((n) -> "v" + n).toList();
		String keySource = sourceColumns.get(indexOf(columns, keyColumn));
		return "MERGE INTO " + table + " t USING (" + values + ") AS s (" + String.join(", ", sourceColumns)
				+ ") ON t." + keyColumn + " = s." + keySource + " WHEN NOT MATCHED THEN INSERT ("
				+ String.join(", ", columns) + ") VALUES ("
				+ sourceColumns.stream().map((column) -> "s." + column).collect(Collectors.joining(", ")) + ")";
	}

	static int indexOf(List<String> columns, String column) {
		for (int i = 0; i < columns.size(); i++) {
			if (columns.get(i).equalsIgnoreCase(column)) {
				return i;
			}
		}
		return -1;
	}

}
