package io.github.phasedmigration.autoconfigure.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.autoconfigure.ClassPathWithout;

/**
 * migration-autoconfigure alone, without the starter's JDBC modules or Spring's JDBC and transactions:
 * an application with a backfill starts and the backfill runs, its checkpoints in memory. The
 * application runs in a class loader of the test class path without those jars (see
 * {@link ClassPathWithout} for why a {@code FilteredClassLoader} does not do).
 */
class BackfillWithoutJdbcTests {

	@Test
	void backfillRunsWithCheckpointsInMemory() throws Exception {
		try (URLClassLoader withoutJdbc = ClassPathWithout.artifacts("migration-jdbc", "migration-journal-jdbc",
				"migration-backfill-jdbc", "spring-jdbc", "spring-tx", "spring-boot-jdbc", "spring-boot-sql", "h2",
				"HikariCP")) {
			assertThatExceptionOfType(ClassNotFoundException.class).as("JDBC is not there")
				.isThrownBy(() -> withoutJdbc.loadClass("io.github.phasedmigration.journal.jdbc.JdbcWriteJournal"));
			assertThatExceptionOfType(ClassNotFoundException.class).as("spring-tx is not there")
				.isThrownBy(() -> withoutJdbc.loadClass("org.springframework.transaction.TransactionManager"));

			assertThat(ClassPathWithout.call(withoutJdbc, WithoutJdbc.class, "run"))
				.containsExactly("InMemoryCheckpointStore", "no transactions", "copied " + BackfillFixtures.ACCOUNTS_IN_OLD);
		}
	}

}
