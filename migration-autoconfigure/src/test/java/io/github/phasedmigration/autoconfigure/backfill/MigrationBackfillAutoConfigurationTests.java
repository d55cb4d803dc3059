package io.github.phasedmigration.autoconfigure.backfill;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.causeOfType;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.ACCOUNTS;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.ACCOUNTS_IN_OLD;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.backfillAccounts;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.eventually;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.validation.FieldError;

import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.AccountTables;
import io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.AccountsConfiguration;
import io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.SecondAccountsBackfillConfiguration;
import io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.UndeclaredMigrationConfiguration;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures;
import io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore;
import io.github.phasedmigration.core.backfill.BackfillSettings;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.BackfillStatus;
import io.github.phasedmigration.core.backfill.CheckpointStore;
import io.github.phasedmigration.core.backfill.InMemoryCheckpointStore;
import io.github.phasedmigration.core.backfill.VerifyOptions;
import io.github.phasedmigration.journal.jdbc.JdbcWriteJournal;

/**
 * When {@link MigrationBackfillAutoConfiguration} applies, where checkpoints go (the
 * {@code migration_backfill} table next to the journal, or memory), what fails start-up (a backfill
 * of an unknown migration, a missing table, an unknown name to start, a wrong setting), and what
 * {@code migration.backfill.start-on-startup} starts.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrationBackfillAutoConfigurationTests {

	private static final String IN_MEMORY_WARNING = "Backfill checkpoints are kept in memory";

	/** With an embedded H2 DataSource and the journal in it. */
	private final ApplicationContextRunner runner = JournalFixtures.runner();

	private final ApplicationContextRunner withoutDataSource = MigrationRunners.runner();

	// ---- when it applies

	@Test
	void withoutABackfillBeanNothingOfTheBackfillsExists() {
		this.runner.withUserConfiguration(JournalFixtures.PaymentsConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=migrations")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(BackfillLifecycle.class)
					.doesNotHaveBean(CheckpointStore.class)
					.doesNotHaveBean(MigrationBackfillDatabaseInitializer.class)
					.doesNotHaveBean(MigrationBackfillProperties.class)
					.doesNotHaveBean(BackfillSection.class)
					.doesNotHaveBean(VerifySection.class);
				assertThat(hasCheckpointTable(context.getBean(DataSource.class))).isFalse();
			});
	}

	@Test
	void migrationsDisabledCreateNoBackfillBeansEvenWithABackfill() {
		this.runner.withUserConfiguration(AccountsConfiguration.class)
			.withPropertyValues("migration.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(BackfillLifecycle.class)
				.doesNotHaveBean(CheckpointStore.class));
	}

	@Test
	void withABackfillAndADataSourceCheckpointsGoToTheTableCreatedInTheEmbeddedDatabase(CapturedOutput output) {
		this.runner.withUserConfiguration(AccountsConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(BackfillLifecycle.class)
				.hasSingleBean(MigrationBackfillDatabaseInitializer.class)
				.hasSingleBean(MigrationBackfillProperties.class)
				.hasSingleBean(BackfillSection.class)
				.hasSingleBean(VerifySection.class)
				.getBean(CheckpointStore.class)
				.isInstanceOf(JdbcCheckpointStore.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(hasCheckpointTable(dataSource)).isTrue();
			assertThat(context.getBean(BackfillLifecycle.class).isRunning()).isTrue();
			assertThat(status(context, ACCOUNTS).state()).isEqualTo(BackfillState.NOT_STARTED);

			BackfillStatus completed = backfillAccounts(context);

			assertThat(completed.rowsDone()).isEqualTo(ACCOUNTS_IN_OLD);
			assertThat(new JdbcTemplate(dataSource).queryForMap(
					"SELECT state, rows_done, last_key, lease_owner FROM migration_backfill WHERE migration = ?",
					ACCOUNTS))
				.containsEntry("STATE", "COMPLETED")
				.containsEntry("ROWS_DONE", (long) ACCOUNTS_IN_OLD)
				.containsEntry("LAST_KEY", String.valueOf(ACCOUNTS_IN_OLD))
				.as("a completed backfill holds no lease")
				.containsEntry("LEASE_OWNER", null);
		});
		assertThat(output).doesNotContain(IN_MEMORY_WARNING);
	}

	@Test
	void withoutADataSourceCheckpointsAreKeptInMemoryWithAWarning(CapturedOutput output) {
		this.withoutDataSource.withUserConfiguration(AccountsConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(BackfillLifecycle.class)
				.doesNotHaveBean(MigrationBackfillDatabaseInitializer.class)
				.getBean(CheckpointStore.class)
				.isInstanceOf(InMemoryCheckpointStore.class);
			assertThat(backfillAccounts(context).rowsDone()).isEqualTo(ACCOUNTS_IN_OLD);
		});
		assertThat(output).contains(IN_MEMORY_WARNING);
	}

	@Test
	void withoutTheJdbcModuleCheckpointsAreKeptInMemoryEvenWithADataSource() {
		this.runner.withUserConfiguration(AccountsConfiguration.class)
			.withClassLoader(new FilteredClassLoader(JdbcCheckpointStore.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().getBean(CheckpointStore.class).isInstanceOf(InMemoryCheckpointStore.class);
				assertThat(hasCheckpointTable(context.getBean(DataSource.class))).isFalse();
			});
	}

	@Test
	void userCheckpointStoreReplacesTheAutoConfiguredOne() {
		InMemoryCheckpointStore own = new InMemoryCheckpointStore();
		this.runner.withUserConfiguration(AccountsConfiguration.class)
			.withBean("ownCheckpointStore", CheckpointStore.class, () -> own)
			.run((context) -> {
				assertThat(context).hasNotFailed().getBean(CheckpointStore.class).isSameAs(own);
				backfillAccounts(context);
				assertThat(own.load(ACCOUNTS)).hasValueSatisfying(
						(checkpoint) -> assertThat(checkpoint.state()).isEqualTo(BackfillState.COMPLETED));
			});
	}

	// ---- the checkpoints' table

	@Test
	void initializeSchemaNeverWithoutTheTableFailsStartUpNamingTheSettingAndTheTable() {
		// the journal's table is there, as a team on Flyway would have it, but not the checkpoints'
		this.runner.withUserConfiguration(AccountsConfiguration.class, JournalTableOnlyConfiguration.class)
			.withPropertyValues("migration.journal.initialize-schema=never")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(causeOfType(context.getStartupFailure(), IllegalStateException.class))
					.hasMessageContaining(JdbcCheckpointStore.TABLE)
					.hasMessageContaining("migration.journal.initialize-schema is NEVER")
					.hasMessageContaining("schema-h2.sql");
			});
	}

	@Test
	void initializeSchemaNeverUsesTheTablesTheApplicationCreated() {
		this.runner.withUserConfiguration(AccountsConfiguration.class, OwnTablesConfiguration.class)
			.withPropertyValues("migration.journal.initialize-schema=never")
			.run((context) -> {
				assertThat(context).hasNotFailed().getBean(CheckpointStore.class).isInstanceOf(JdbcCheckpointStore.class);
				assertThat(backfillAccounts(context).rowsDone()).isEqualTo(ACCOUNTS_IN_OLD);
			});
	}

	// ---- start-up checks

	@Test
	void backfillOfAMigrationThatNoAnnotatedMethodDeclaresFailsStartUpNamingIt() {
		this.runner.withUserConfiguration(AccountsConfiguration.class, UndeclaredMigrationConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Backfill of unknown migration 'ghost'")
					.hasMessageContaining("known migrations: [" + ACCOUNTS + "]");
			});
	}

	@Test
	void twoBackfillsOfOneMigrationFailStartUp() {
		this.runner.withUserConfiguration(AccountsConfiguration.class, SecondAccountsBackfillConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Two backfills of migration '" + ACCOUNTS + "'");
			});
	}

	@Test
	void startOnStartupOfAnUnknownBackfillFailsStartUpNamingTheKeyAndTheBackfills() {
		this.runner.withUserConfiguration(AccountsConfiguration.class)
			.withPropertyValues("migration.backfill.start-on-startup=accounts,unknown")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("migration.backfill.start-on-startup")
					.hasMessageContaining("'unknown'")
					.hasMessageContaining("backfills: [" + ACCOUNTS + "]");
			});
	}

	@Test
	void startOnStartupRunsTheBackfillToTheEnd() {
		this.runner.withUserConfiguration(AccountsConfiguration.class)
			.withPropertyValues("migration.backfill.start-on-startup=accounts", "migration.backfill.chunk-size=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				eventually().untilAsserted(() -> {
					BackfillStatus status = status(context, ACCOUNTS);
					assertThat(status.state()).isEqualTo(BackfillState.COMPLETED);
					assertThat(status.rowsDone()).isEqualTo(ACCOUNTS_IN_OLD);
				});
				AccountTables tables = context.getBean(AccountTables.class);
				assertThat(tables.newSide().snapshot()).isEqualTo(tables.oldSide().snapshot());
			});
	}

	@Test
	void startOnStartupDoesNotRunAgainABackfillThatCompletedBeforeARestart() {
		// one database for both starts, as for an application started twice
		ApplicationContextRunner sharedDatabase = this.runner.withUserConfiguration(AccountsConfiguration.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
					"migration.backfill.start-on-startup=accounts");
		sharedDatabase.run((context) -> eventually()
			.until(() -> status(context, ACCOUNTS).state() == BackfillState.COMPLETED));
		sharedDatabase.run((context) -> {
			assertThat(context).hasNotFailed();
			BackfillStatus status = status(context, ACCOUNTS);
			assertThat(status.state()).isEqualTo(BackfillState.COMPLETED);
			assertThat(status.rowsDone()).isEqualTo(ACCOUNTS_IN_OLD);
			assertThat(status.runningHere()).isFalse();
			assertThat(context.getBean(AccountTables.class).oldSide().reads()).as("old not read again").isZero();
			assertThat(context.getBean(AccountTables.class).newSide().snapshot()).isEmpty();
		});
	}

	@Test
	void backfillsStopWithTheContext() {
		this.runner.withUserConfiguration(AccountsConfiguration.class).run((context) -> {
			BackfillLifecycle lifecycle = context.getBean(BackfillLifecycle.class);
			assertThat(lifecycle.isRunning()).isTrue();
			context.close();
			assertThat(lifecycle.isRunning()).isFalse();
			assertThat(catchThrowable(lifecycle::backfills))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("not running");
		});
	}

	// ---- properties

	@Test
	void defaultsAreTheEngineDefaults() {
		this.withoutDataSource.withUserConfiguration(AccountsConfiguration.class).run((context) -> {
			MigrationBackfillProperties properties = context.getBean(MigrationBackfillProperties.class);
			assertThat(properties.toSettings()).isEqualTo(BackfillSettings.defaults());
			assertThat(properties.verifyOptions(false, false)).isEqualTo(VerifyOptions.defaults());
			assertThat(properties.getStartOnStartup()).isEmpty();
		});
	}

	@Test
	void propertiesShapeTheSettingsAndTheVerifyOptions() {
		this.withoutDataSource.withUserConfiguration(AccountsConfiguration.class)
			.withPropertyValues("migration.backfill.chunk-size=250", "migration.backfill.rows-per-second=1500.5",
					"migration.backfill.lease=2m", "migration.backfill.log-interval=1m",
					"migration.backfill.poll-interval=3s", "migration.backfill.max-chunk-attempts=7",
					"migration.backfill.retry-backoff=0s", "migration.backfill.verify.recheck-delay=500ms",
					"migration.backfill.verify.sample-size=0")
			.run((context) -> {
				MigrationBackfillProperties properties = context.getBean(MigrationBackfillProperties.class);
				assertThat(properties.toSettings()).isEqualTo(new BackfillSettings(250, 1500.5, Duration.ofMinutes(2),
						Duration.ofMinutes(1), Duration.ofSeconds(3), 7, Duration.ZERO));
				assertThat(properties.verifyOptions(true, true))
					.isEqualTo(new VerifyOptions(true, true, 250, Duration.ofMillis(500), 0));
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			migration.backfill.chunk-size=0                | migration.backfill.chunkSize           | migration.backfill.chunk-size must be between 1 and 100000, was 0
			migration.backfill.chunk-size=100001           | migration.backfill.chunkSize           | migration.backfill.chunk-size must be between 1 and 100000, was 100001
			migration.backfill.rows-per-second=-1          | migration.backfill.rowsPerSecond       | migration.backfill.rows-per-second must be 0 (no limit) or a positive number
			migration.backfill.lease=0                     | migration.backfill.lease               | migration.backfill.lease must be positive
			migration.backfill.log-interval=-1s            | migration.backfill.logInterval         | migration.backfill.log-interval must be positive
			migration.backfill.poll-interval=0             | migration.backfill.pollInterval        | migration.backfill.poll-interval must be positive
			migration.backfill.max-chunk-attempts=0        | migration.backfill.maxChunkAttempts    | migration.backfill.max-chunk-attempts must be at least 1
			migration.backfill.retry-backoff=-1s           | migration.backfill.retryBackoff        | migration.backfill.retry-backoff must be 0 or more
			migration.backfill.verify.recheck-delay=-1s    | migration.backfill.verify.recheckDelay | migration.backfill.verify.recheck-delay must be 0 or more
			migration.backfill.verify.sample-size=1001     | migration.backfill.verify.sampleSize   | migration.backfill.verify.sample-size must be between 0 and 1000, was 1001
			""")
	void invalidValueFailsStartUpNamingTheKey(String property, String field, String reason) {
		this.withoutDataSource.withUserConfiguration(AccountsConfiguration.class)
			.withPropertyValues(property)
			.run((context) -> {
				assertThat(context).hasFailed();
				BindValidationException validation = causeOfType(context.getStartupFailure(),
						BindValidationException.class);
				assertThat(validation.getValidationErrors().getName()).hasToString("migration.backfill");
				assertThat(validation.getValidationErrors().getAllErrors()).singleElement()
					.isInstanceOf(FieldError.class)
					.satisfies((error) -> assertThat(error.getDefaultMessage()).contains(reason));

				FailureAnalysis analysis = MigrationRunners.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("Property: " + field).contains("Reason: " + reason);
			});
	}

	@Test
	void everyInvalidValueIsReportedAtOnce() {
		this.withoutDataSource.withUserConfiguration(AccountsConfiguration.class)
			.withPropertyValues("migration.backfill.chunk-size=0", "migration.backfill.lease=0s",
					"migration.backfill.verify.sample-size=-1")
			.run((context) -> {
				BindValidationException validation = causeOfType(context.getStartupFailure(),
						BindValidationException.class);
				assertThat(validation.getValidationErrors().getAllErrors()).extracting(
						(error) -> ((FieldError) error).getField())
					.containsExactlyInAnyOrder("chunkSize", "lease", "verify.sampleSize");
			});
	}

	// ---- helpers

	private static boolean hasCheckpointTable(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection();
				ResultSet tables = connection.getMetaData().getTables(null, null, "MIGRATION_BACKFILL", null)) {
			return tables.next();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An embedded database with the journal's table, created by the application. */
	@Configuration(proxyBeanMethods = false)
	static class JournalTableOnlyConfiguration {

		@Bean(destroyMethod = "shutdown")
		EmbeddedDatabase dataSource() {
			return database(List.of(JdbcWriteJournal.schemaLocation("h2")));
		}

	}

	/** An embedded database with the journal's and the checkpoints' tables, created by the application. */
	@Configuration(proxyBeanMethods = false)
	static class OwnTablesConfiguration {

		@Bean(destroyMethod = "shutdown")
		EmbeddedDatabase dataSource() {
			return database(List.of(JdbcWriteJournal.schemaLocation("h2"), JdbcCheckpointStore.schemaLocation("h2")));
		}

	}

	private static EmbeddedDatabase database(List<String> scripts) {
		EmbeddedDatabaseBuilder builder = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.setName(UUID.randomUUID().toString());
		scripts.forEach(builder::addScript);
		return builder.build();
	}

}
