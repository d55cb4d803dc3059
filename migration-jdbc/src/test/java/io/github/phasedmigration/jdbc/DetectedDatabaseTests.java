package io.github.phasedmigration.jdbc;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link DetectedDatabase} read from an embedded H2; the journal's and the backfill's tests read it
 * from PostgreSQL and MariaDB.
 */
class DetectedDatabaseTests {

	@Test
	void readsTheMetadataOnce() {
		DetectedDatabase database = DetectedDatabase
			.of(new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()), "unused");
		assertThat(database.type()).isEqualTo(DatabaseType.H2);
		assertThat(database.productName()).isEqualTo("H2");
		assertThat(database.description()).startsWith("H2 " + database.majorVersion() + ".");
		assertThat(database.storesUpperCaseIdentifiers()).isTrue();
		assertThat(database.supportsSkipLocked()).isFalse();
	}

	@Test
	void anUnreachableDatabaseFailsWithTheCallersMessage() {
		DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:h2:tcp://127.0.0.1:1/nothing");
		assertThatIllegalStateException().isThrownBy(() -> DetectedDatabase.of(unreachable, "Cannot read it"))
			.withMessage("Cannot read it");
	}

	@Test
	void theVersionDecidesSkipLocked() {
		assertThat(DetectedDatabase.of("MariaDB", "10.5.9-MariaDB", 10, 5, false).supportsSkipLocked()).isFalse();
		assertThat(DetectedDatabase.of("MariaDB", "10.11.6-MariaDB", 10, 11, false).supportsSkipLocked()).isTrue();
	}

}
