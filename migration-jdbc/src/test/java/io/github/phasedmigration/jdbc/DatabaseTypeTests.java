package io.github.phasedmigration.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How {@link DatabaseType} recognises a database and what it says of its SQL. Servers of the
 * versions on the boundaries are not all at hand, so the versions are tested on the values alone.
 */
class DatabaseTypeTests {

	@ParameterizedTest
	@CsvSource({ "PostgreSQL, POSTGRESQL", "MariaDB, MARIADB", "MySQL, MYSQL", "H2, H2",
			"Microsoft SQL Server, OTHER", "Oracle, OTHER", "HSQL Database Engine, OTHER" })
	void recognisesTheDatabaseByItsProductName(String productName, DatabaseType expected) {
		assertThat(DatabaseType.fromProductName(productName)).isEqualTo(expected);
	}

	@Test
	void pagingAndIsolationFollowTheType() {
		assertThat(DatabaseType.OTHER.supportsLimit()).isFalse();
		assertThat(DatabaseType.H2.supportsLimit()).isTrue();
		assertThat(DatabaseType.MARIADB.readCommittedWrites()).isTrue();
		assertThat(DatabaseType.MYSQL.readCommittedWrites()).isTrue();
		assertThat(DatabaseType.POSTGRESQL.readCommittedWrites()).isFalse();
		assertThat(DatabaseType.H2.readCommittedWrites()).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "POSTGRESQL, 9, 4, false", "POSTGRESQL, 9, 5, true", "POSTGRESQL, 15, 0, true",
			"MARIADB, 10, 5, false", "MARIADB, 10, 6, true", "MARIADB, 11, 0, true", "MYSQL, 5, 7, false",
			"MYSQL, 8, 0, true", "H2, 2, 4, false", "OTHER, 23, 0, false" })
	void skipLockedFollowsTheVersion(DatabaseType type, int major, int minor, boolean expected) {
		assertThat(type.supportsSkipLocked(major, minor)).isEqualTo(expected);
	}

	@Test
	void schemaScriptsAreNamedAsSpringBootNamesTheDatabases() {
		assertThat(DatabaseType.POSTGRESQL.schemaScript()).isEqualTo("schema-postgresql.sql");
		assertThat(DatabaseType.MARIADB.schemaScript()).isEqualTo("schema-mariadb.sql");
		assertThat(DatabaseType.MYSQL.schemaScript()).isEqualTo("schema-mysql.sql");
		assertThat(DatabaseType.H2.schemaScript()).isEqualTo("schema-h2.sql");
		assertThatIllegalStateException().isThrownBy(DatabaseType.OTHER::schemaScript)
			.withMessageContaining("PostgreSQL, MariaDB, MySQL and H2");
	}

}
