package io.github.phasedmigration.journal.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.phasedmigration.jdbc.DatabaseType;
import io.github.phasedmigration.jdbc.DetectedDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcDialect}: which versions may skip locked rows. Servers of the versions on
 * the boundaries are not all at hand, so the rule is tested on the metadata alone.
 */
class JdbcDialectTests {

	@ParameterizedTest
	@CsvSource({ "PostgreSQL, 9, 4, CONDITIONAL_UPDATE", "PostgreSQL, 9, 5, SKIP_LOCKED",
			"PostgreSQL, 15, 0, SKIP_LOCKED", "MariaDB, 10, 5, CONDITIONAL_UPDATE", "MariaDB, 10, 6, SKIP_LOCKED",
			"MariaDB, 11, 0, SKIP_LOCKED", "MySQL, 5, 7, CONDITIONAL_UPDATE", "MySQL, 8, 0, SKIP_LOCKED",
			"H2, 2, 4, CONDITIONAL_UPDATE", "Oracle, 23, 0, CONDITIONAL_UPDATE",
			"Microsoft SQL Server, 16, 0, CONDITIONAL_UPDATE" })
	void claimStrategyFollowsProductAndVersion(String product, int major, int minor, ClaimStrategy expected) {
		DetectedDatabase database = DetectedDatabase.of(product, major + "." + minor, major, minor, false);
		assertThat(JdbcDialect.of(database).claimStrategy()).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "PostgreSQL, true, false", "MariaDB, true, true", "MySQL, true, true", "H2, true, false",
			"Oracle, false, false" })
	void pagingAndIsolationFollowTheProduct(String product, boolean limitOffset, boolean readCommitted) {
		JdbcDialect dialect = JdbcDialect.of(DetectedDatabase.of(product, "1.0", 1, 0, false));
		assertThat(dialect.limitOffset()).isEqualTo(limitOffset);
		assertThat(dialect.type().readCommittedWrites()).isEqualTo(readCommitted);
	}

	@ParameterizedTest
	@CsvSource({ "true, ID", "false, id" })
	void generatedKeyColumnFollowsTheIdentifierCase(boolean upperCase, String column) {
		assertThat(JdbcDialect.of(DetectedDatabase.of("H2", "2.4", 2, 4, upperCase)).idColumn()).isEqualTo(column);
	}

	@ParameterizedTest
	@EnumSource(mode = EnumSource.Mode.EXCLUDE, names = "OTHER")
	void everyKnownDatabaseHasAScriptForTheTable(DatabaseType type) {
		assertThat(JdbcWriteJournal.class.getResource(type.schemaScript())).isNotNull();
	}

}
