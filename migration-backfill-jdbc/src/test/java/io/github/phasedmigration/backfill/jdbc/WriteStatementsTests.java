package io.github.phasedmigration.backfill.jdbc;

import java.util.List;

import org.junit.jupiter.api.Test;

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
		WriteStatements statements = WriteStatements.of(JdbcPlatform.POSTGRESQL, "PostgreSQL", "pending_payments",
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
		for (JdbcPlatform platform : List.of(JdbcPlatform.MARIADB, JdbcPlatform.MYSQL)) {
			WriteStatements statements = WriteStatements.of(platform, "MariaDB", "pending_payments", "order_id",
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
		WriteStatements statements = WriteStatements.of(JdbcPlatform.H2, "H2", "pending_payments", "order_id",
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
		assertThat(WriteStatements.of(JdbcPlatform.POSTGRESQL, "PostgreSQL", "t", "id", keyOnly).upsert())
			.endsWith("ON CONFLICT (id) DO NOTHING");
		assertThat(WriteStatements.of(JdbcPlatform.MARIADB, "MariaDB", "t", "id", keyOnly).upsert())
			.endsWith("ON DUPLICATE KEY UPDATE id = id");
	}

	@Test
	void otherDatabasesAreRefusedByName() {
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> WriteStatements.of(JdbcPlatform.OTHER, "Oracle", "pending_payments", "order_id",
					COLUMNS))
			.withMessage("JdbcBackfillTable writes to pending_payments on PostgreSQL, MariaDB, MySQL and H2, not on"
					+ " Oracle: read with it, and write with a BackfillSink of your own");
	}

	@Test
	void recognisesTheDatabaseByItsProductName() {
		assertThat(JdbcPlatform.of("PostgreSQL")).isEqualTo(JdbcPlatform.POSTGRESQL);
		assertThat(JdbcPlatform.of("MariaDB")).isEqualTo(JdbcPlatform.MARIADB);
		assertThat(JdbcPlatform.of("MySQL")).isEqualTo(JdbcPlatform.MYSQL);
		assertThat(JdbcPlatform.of("H2")).isEqualTo(JdbcPlatform.H2);
		assertThat(JdbcPlatform.of("Microsoft SQL Server")).isEqualTo(JdbcPlatform.OTHER);
		assertThat(JdbcPlatform.OTHER.limit()).isFalse();
		assertThat(JdbcPlatform.MARIADB.readCommitted()).isTrue();
		assertThat(JdbcPlatform.POSTGRESQL.readCommitted()).isFalse();
	}

}
