package io.github.phasedmigration.autoconfigure.journal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.validation.FieldError;

import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.replay.ArgumentCodecs;
import io.github.phasedmigration.autoconfigure.replay.JacksonArgumentCodecs;
import io.github.phasedmigration.autoconfigure.replay.ReconcilerLifecycle;
import io.github.phasedmigration.autoconfigure.replay.RenderedArgumentCodecs;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.journal.jdbc.JdbcWriteJournal;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.causeOfType;
import static io.github.phasedmigration.autoconfigure.journal.JournalFixtures.hasJournalTable;
import static io.github.phasedmigration.autoconfigure.journal.JournalFixtures.journalRows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which journal the application gets: a {@link JdbcWriteJournal} in its (or the named)
 * {@code DataSource} with the table created as {@code migration.journal.initialize-schema} says,
 * the in-memory fallback with a warning, or the user's own; and reconciler settings that fail
 * start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrationJournalAutoConfigurationTests {

	private static final String NOT_DURABLE = "NOT durable";

	private final ApplicationContextRunner runner = JournalFixtures.runner();

	// ---- with a DataSource

	@Test
	void withADataSourceTheJournalIsJdbcAndItsTableIsCreatedInTheEmbeddedDatabase(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(MigrationJournalDatabaseInitializer.class)
				.getBean(WriteJournal.class)
				.isInstanceOf(JdbcWriteJournal.class);
			assertThat(context.getBean(WriteJournal.class).durable()).isTrue();
			assertThat(context).getBean(ArgumentCodecs.class).isInstanceOf(JacksonArgumentCodecs.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(hasJournalTable(dataSource)).isTrue();
			assertThat(journalRows(dataSource)).isZero();
		});
		assertThat(output).doesNotContain(NOT_DURABLE);
	}

	@Test
	void initializeSchemaNeverCreatesNoTableAndAMissingTableFailsStartUpNamingTheKey() {
		this.runner.withPropertyValues("migration.journal.initialize-schema=never").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(causeOfType(context.getStartupFailure(), IllegalStateException.class))
				.hasMessageContaining(JdbcWriteJournal.TABLE)
				.hasMessageContaining("migration.journal.initialize-schema");
		});
	}

	@Test
	void initializeSchemaNeverLeavesTheUsersOwnTableAlone() {
		this.runner.withUserConfiguration(OwnTableConfiguration.class)
			.withPropertyValues("migration.journal.initialize-schema=never")
			.run((context) -> {
				assertThat(context).hasNotFailed().getBean(WriteJournal.class).isInstanceOf(JdbcWriteJournal.class);
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(hasJournalTable(dataSource)).isTrue();
				assertThat(journalIndexes(dataSource)).as("the shipped script did not run").isEmpty();
			});
		this.runner.withUserConfiguration(OwnTableConfiguration.class)
			.run((context) -> assertThat(journalIndexes(context.getBean(DataSource.class)))
				.as("by default it runs in an embedded database, adding what is missing")
				.contains("MIGRATION_JOURNAL_DUE", "MIGRATION_JOURNAL_KEY"));
	}

	@Test
	void tableIsCreatedBeforeTheJournalNeedsItEvenWhenAnApplicationBeanUsesTheJournalEarly() {
		// spring.sql.init.mode=never, as in many production set-ups: Boot's own SQL initialization
		// does not order database initializers before the beans that depend on them
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceInitializationAutoConfiguration.class))
			.withPropertyValues("spring.sql.init.mode=never")
			.withUserConfiguration(EarlyJournalUserConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(hasJournalTable(context.getBean(DataSource.class))).isTrue();
			});
	}

	@Test
	void twoBeansOfOneClassWithMigratedWritesFailStartUpSinceTheirEntriesCouldNotBeToldApart() {
		this.runner.withUserConfiguration(JournalFixtures.PaymentsConfiguration.class)
			.withBean("otherOldPayments", JournalFixtures.OldPayments.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasMessageContaining("several beans of this class have migrated write methods")
					.hasMessageContaining("'otherOldPayments'")
					.hasMessageContaining("'oldPayments'");
			});
	}

	@Test
	void twoDataSourcesWithoutAPrimaryFailStartUpNamingTheKey() {
		this.runner.withUserConfiguration(UnrankedDataSourcesConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(NoUniqueBeanDefinitionException.class);
			assertThat(context.getStartupFailure()).hasStackTraceContaining("migration.journal.data-source");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UnrankedDataSourcesConfiguration {

		@Bean(destroyMethod = "shutdown")
		EmbeddedDatabase one() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		}

		@Bean(destroyMethod = "shutdown")
		EmbeddedDatabase two() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		}

	}

	@Test
	void initializeSchemaAlwaysCreatesTheTableToo() {
		this.runner.withPropertyValues("migration.journal.initialize-schema=always")
			.run((context) -> assertThat(hasJournalTable(context.getBean(DataSource.class))).isTrue());
	}

	@Test
	void unknownInitializeSchemaValueFailsStartUpNamingTheKey() {
		this.runner.withPropertyValues("migration.journal.initialize-schema=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			BindException failure = causeOfType(context.getStartupFailure(), BindException.class);
			assertThat(failure.getName()).hasToString("migration.journal.initialize-schema");
		});
	}

	@Test
	void dataSourceNamedByTheKeyHoldsTheTableAndTheEntries() {
		this.runner.withUserConfiguration(TwoDataSourcesConfiguration.class)
			.withPropertyValues("migration.journal.data-source=journalDataSource")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DataSource application = context.getBean("applicationDataSource", DataSource.class);
				DataSource journalDataSource = context.getBean("journalDataSource", DataSource.class);
				assertThat(context.getBean(DataSource.class)).as("the application's DataSource").isSameAs(application);
				assertThat(hasJournalTable(journalDataSource)).isTrue();
				assertThat(hasJournalTable(application)).isFalse();

				context.getBean(WriteJournal.class)
					.append(new NewJournalEntry(Instant.now(), "payments", Impl.NEW, "Ledger#record(long)", "42",
							"[42]", new Object[] { 42L }, JournalCause.FAILED, "boom"));
				assertThat(journalRows(journalDataSource)).isOne();
			});
	}

	@Test
	void withoutTheKeyTheJournalUsesThePrimaryDataSource() {
		this.runner.withUserConfiguration(TwoDataSourcesConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(hasJournalTable(context.getBean("applicationDataSource", DataSource.class))).isTrue();
			assertThat(hasJournalTable(context.getBean("journalDataSource", DataSource.class))).isFalse();
		});
	}

	@Test
	void dataSourceKeyNamingNoBeanFailsStartUpNamingTheKey() {
		this.runner.withPropertyValues("migration.journal.data-source=nowhere").run((context) -> {
			assertThat(context).hasFailed();
			IllegalStateException failure = causeOfType(context.getStartupFailure(), IllegalStateException.class);
			assertThat(failure).hasMessageContaining("migration.journal.data-source")
				.hasMessageContaining("'nowhere'")
				.hasMessageContaining("names no DataSource bean");
		});
	}

	@Test
	void dataSourceKeyNamingABeanThatIsNoDataSourceFailsStartUpNamingTheKey() {
		this.runner.withBean("notADataSource", String.class, () -> "just a string")
			.withPropertyValues("migration.journal.data-source=notADataSource")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).as("the failure names the key to fix")
					.rootCause()
					.hasMessageContaining("migration.journal.data-source")
					.hasMessageContaining("notADataSource");
			});
	}

	@Test
	void instanceIdNamesThisInstanceInTheClaims() {
		this.runner.withPropertyValues("migration.journal.instance-id=orders-7")
			.run((context) -> assertThat(context.getBean(JdbcWriteJournal.class).instanceId()).isEqualTo("orders-7"));
	}

	@Test
	void instanceIdTooLongForTheJournalFailsStartUpNamingTheKey() {
		this.runner.withPropertyValues("migration.journal.instance-id=" + "x".repeat(101)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).as("the failure names the key to fix")
				.rootCause()
				.hasMessageContaining("migration.journal.instance-id");
		});
	}

	// ---- without a DataSource

	@Test
	void withoutADataSourceTheJournalIsInMemoryAndStartUpSaysItIsNotDurable(CapturedOutput output) {
		MigrationRunners.runner()
			.withConfiguration(AutoConfigurations.of(MigrationJournalAutoConfiguration.class))
			.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(DataSource.class)
				.doesNotHaveBean(MigrationJournalDatabaseInitializer.class)
				.getBean(WriteJournal.class)
				.isInstanceOf(InMemoryWriteJournal.class);
			assertThat(context.getBean(WriteJournal.class).durable()).isFalse();
			assertThat(context).getBean(ArgumentCodecs.class).isInstanceOf(RenderedArgumentCodecs.class);
		});
		assertThat(output).contains("WARN").contains(NOT_DURABLE);
	}

	@Test
	void withoutAnEmbeddedDatabaseOnTheClassPathTheJournalIsInMemory(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader("org.h2.", "com.zaxxer.hikari.")).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(DataSource.class)
				.getBean(WriteJournal.class)
				.isInstanceOf(InMemoryWriteJournal.class);
		});
		assertThat(output).contains(NOT_DURABLE);
	}

	@Test
	void withoutTheJdbcJournalModuleTheJournalIsInMemoryEvenWithADataSource(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader(JdbcWriteJournal.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(DataSource.class)
				.doesNotHaveBean(MigrationJournalDatabaseInitializer.class)
				.getBean(WriteJournal.class)
				.isInstanceOf(InMemoryWriteJournal.class);
			assertThat(hasJournalTable(context.getBean(DataSource.class))).isFalse();
		});
		assertThat(output).contains(NOT_DURABLE);
	}

	@Test
	void disabledMigrationsCreateNoJournal() {
		this.runner.withPropertyValues("migration.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(WriteJournal.class)
				.doesNotHaveBean(MigrationJournalDatabaseInitializer.class);
			assertThat(hasJournalTable(context.getBean(DataSource.class))).isFalse();
		});
	}

	// ---- the user's own

	@Test
	void userWriteJournalWinsOverTheJdbcJournal(CapturedOutput output) {
		InMemoryWriteJournal mine = new InMemoryWriteJournal();
		this.runner.withBean("myJournal", WriteJournal.class, () -> mine).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(WriteJournal.class);
			assertThat(context.getBean(WriteJournal.class)).isSameAs(mine);
		});
		assertThat(output).doesNotContain(NOT_DURABLE);
	}

	@Test
	void userArgumentCodecsWinOverJackson() {
		ArgumentCodecs mine = new RenderedArgumentCodecs(100);
		this.runner.withBean("myCodecs", ArgumentCodecs.class, () -> mine)
			.run((context) -> assertThat(context.getBean(ArgumentCodecs.class)).isSameAs(mine));
	}

	@Test
	void userDatabaseInitializerWins() {
		this.runner.withUserConfiguration(UserInitializerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(MigrationJournalDatabaseInitializer.class)
				.hasBean("myInitializer")
				.doesNotHaveBean("migrationJournalDatabaseInitializer");
			assertThat(hasJournalTable(context.getBean(DataSource.class))).isTrue();
		});
	}

	// ---- reconciler settings

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			migration.journal.reconciler.batch-size=0           | migration.journal.reconciler.batch-size must be at least 1
			migration.journal.reconciler.max-attempts=0         | migration.journal.reconciler.max-attempts must be at least 1
			migration.journal.reconciler.poll-interval=-1s      | migration.journal.reconciler.poll-interval must be positive
			migration.journal.reconciler.poll-interval=0s       | migration.journal.reconciler.poll-interval must be positive
			migration.journal.reconciler.lease=0s               | migration.journal.reconciler.lease must be positive
			migration.journal.reconciler.initial-backoff=-1s    | migration.journal.reconciler.initial-backoff must be 0 or more
			migration.journal.reconciler.max-backoff=500ms      | migration.journal.reconciler.max-backoff must be at least initial-backoff
			migration.journal.reconciler.backoff-multiplier=0.5 | migration.journal.reconciler.backoff-multiplier must be at least 1.0
			""")
	void invalidReconcilerSettingFailsStartUpNamingTheKey(String property, String reason) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			BindValidationException validation = causeOfType(context.getStartupFailure(),
					BindValidationException.class);
			assertThat(validation.getValidationErrors().getAllErrors()).singleElement()
				.isInstanceOf(FieldError.class)
				.satisfies((error) -> assertThat(error.getDefaultMessage()).contains(reason));
			FailureAnalysis analysis = MigrationRunners.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("Reason: " + reason);
		});
	}

	@Test
	void maxBackoffBelowAConfiguredInitialBackoffFailsStartUp() {
		this.runner
			.withPropertyValues("migration.journal.reconciler.initial-backoff=10s",
					"migration.journal.reconciler.max-backoff=5s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(MigrationRunners.analyze(context.getStartupFailure()).getDescription())
					.contains("migration.journal.reconciler.max-backoff must be at least initial-backoff (PT10S)");
			});
	}

	@Test
	void validReconcilerSettingsStartTheReconciler() {
		this.runner
			.withPropertyValues("migration.journal.reconciler.batch-size=7",
					"migration.journal.reconciler.poll-interval=250ms", "migration.journal.reconciler.max-attempts=3",
					"migration.journal.reconciler.initial-backoff=0s", "migration.journal.reconciler.max-backoff=0s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ReconcilerLifecycle.class).isRunning()).isTrue();
			});
	}

	/** An application bean that needs the journal's counts, created before the auto-configured beans. */
	@Configuration(proxyBeanMethods = false)
	static class EarlyJournalUserConfiguration {

		@Bean
		Object journalDashboard(JournalStatsCache stats) {
			// reads the journal while the context starts; a second name for the cache itself would make it ambiguous
			return new java.util.concurrent.atomic.AtomicReference<>(stats.all());
		}

	}

	/** The user's own initializer. */
	@Configuration(proxyBeanMethods = false)
	static class UserInitializerConfiguration {

		@Bean
		MigrationJournalDatabaseInitializer myInitializer(DataSource dataSource) {
			return new MigrationJournalDatabaseInitializer(dataSource, DatabaseInitializationMode.ALWAYS);
		}

	}

	/** An embedded database in which the team created the journal table itself, without the indexes. */
	@Configuration(proxyBeanMethods = false)
	static class OwnTableConfiguration {

		@Bean(destroyMethod = "shutdown")
		EmbeddedDatabase dataSource() {
			EmbeddedDatabase database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
				.setName(UUID.randomUUID().toString())
				.build();
			new JdbcTemplate(database).execute("""
					CREATE TABLE migration_journal (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
						migration VARCHAR(100) NOT NULL, impl VARCHAR(8) NOT NULL, method VARCHAR(500) NOT NULL,
						entity_key VARCHAR(255), arguments CHARACTER LARGE OBJECT NOT NULL, cause VARCHAR(8) NOT NULL,
						last_error VARCHAR(2000) NOT NULL, attempts INT NOT NULL, status VARCHAR(10) NOT NULL,
						next_attempt_at BIGINT NOT NULL, lease_until BIGINT, claimed_by VARCHAR(100),
						created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)""");
			return database;
		}

	}

	private static List<String> journalIndexes(DataSource dataSource) {
		return new JdbcTemplate(dataSource).queryForList("SELECT index_name FROM information_schema.indexes "
				+ "WHERE table_name = 'MIGRATION_JOURNAL' AND index_name LIKE 'MIGRATION_JOURNAL_%'", String.class);
	}

	/** Two embedded databases of their own; the first is the application's. */
	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesConfiguration {

		@Bean(destroyMethod = "shutdown")
		@Primary
		EmbeddedDatabase applicationDataSource() {
			return embedded();
		}

		@Bean(destroyMethod = "shutdown")
		EmbeddedDatabase journalDataSource() {
			return embedded();
		}

		private static EmbeddedDatabase embedded() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
				.setName(UUID.randomUUID().toString())
				.build();
		}

	}

}
