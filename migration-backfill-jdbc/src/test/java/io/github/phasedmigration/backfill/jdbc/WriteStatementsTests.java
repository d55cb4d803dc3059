package io.github.phasedmigration.backfill.jdbc;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.jdbc.DatabaseType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SQL of {@link JdbcBackfillTable}'s writes on each database; {@link JdbcBackfillTableTests}
 * runs it on the real ones.
 */
class WriteStatementsTests {

	private static final List<String> COLUMNS = List.of("order_id", "customer_id", "amount_cents");

	@Test
	void postgresqlInsertsOnConflict() {
		WriteStatements statements = WriteStatements.of(DatabaseType.POSTGRESQL, "PostgreSQL", "pending_payments",
				"order_id", COLUMNS);
		assertThat(statements.upsert()).isEqualTo("INSERT INTO pending_payments (order_id, customer_id, amount_cents)"
				+ " VALUES (?, ?, ?) ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,"
				+ " amount_cents = EXCLUDED.amount_cents");
		assertThat(statements.insertMissing()).isEqualTo("INSERT INTO pending_payments (order_id, customer_id,"
				+ " amount_cents) VALUES (?, ?, ?) ON CONFLICT (order_id) DO NOTHING");
		assertThat(statements.delete()).isEqualTo("DELETE FROM pending_payments WHERE order_id = ?");
	}

	@Test
	void mariadbAndMysqlInsertOnDuplicateKeyWithoutIgnoringOtherErrors() {
		for (DatabaseType type : List.of(DatabaseType.MARIADB, DatabaseType.MYSQL)) {
			WriteStatements statements = WriteStatements.of(type, "MariaDB", "pending_payments", "order_id",
					COLUMNS);
			assertThat(statements.upsert()).isEqualTo("INSERT INTO pending_payments (order_id, customer_id,"
					+ " amount_cents) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE customer_id = VALUES(customer_id),"
					+ " amount_cents = VALUES(amount_cents)");
			assertThat(statements.insertMissing()).isEqualTo("INSERT INTO pending_payments (order_id, customer_id,"
					+ " amount_cents) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE order_id = order_id")
				.doesNotContain("IGNORE");
		}
	}

	@Test
	void h2Merges() {
		WriteStatements statements = WriteStatements.of(DatabaseType.H2, "H2", "pending_payments", "order_id",
				COLUMNS);
		assertThat(statements.upsert()).isEqualTo("MERGE INTO pending_payments (order_id, customer_id, amount_cents)"
				+ " KEY (order_id) VALUES (?, ?, ?)");
		assertThat(statements.insertMissing()).isEqualTo("MERGE INTO pending_payments t USING (VALUES (?, ?, ?))"
				+ " AS s (v1, v2, v3) ON t.order_id = s.v1 WHEN NOT MATCHED THEN INSERT (order_id, customer_id,"
				+ " amount_cents) VALUES (s.v1, s.v2, s.v3)");
	}

	@Test
	void aTableOfKeysAloneHasNothingToUpdate() {
		List<String> keyOnly = List.of("id");
		assertThat(WriteStatements.of(DatabaseType.POSTGRESQL, "PostgreSQL", "t", "id", keyOnly).upsert())
			.endsWith("ON CONFLICT (id) DO NOTHING");
		assertThat(WriteStatements.of(DatabaseType.MARIADB, "MariaDB", "t", "id", keyOnly).upsert())
			.endsWith("ON DUPLICATE KEY UPDATE id = id");
	}

	@Test
	void otherDatabasesAreRefusedByName() {
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> WriteStatements.of(DatabaseType.OTHER, "Oracle", "pending_payments", "order_id",
					COLUMNS))
			.withMessage("JdbcBackfillTable writes to pending_payments on PostgreSQL, MariaDB, MySQL and H2, not on"
					+ " Oracle: read with it, and write with a BackfillSink of your own");
	}

}
