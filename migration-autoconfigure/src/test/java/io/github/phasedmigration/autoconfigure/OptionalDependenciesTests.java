package io.github.phasedmigration.autoconfigure;

import java.util.UUID;
import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.autoconfigure.Greeters.CallLog;
import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.AccountsConfiguration;
import io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures;
import io.github.phasedmigration.autoconfigure.backfill.BackfillSection;
import io.github.phasedmigration.autoconfigure.backfill.MigrationBackfillAutoConfiguration;
import io.github.phasedmigration.autoconfigure.backfill.MigrationBackfillDatabaseInitializer;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpointAutoConfiguration;
import io.github.phasedmigration.autoconfigure.journal.MigrationJournalAutoConfiguration;
import io.github.phasedmigration.autoconfigure.journal.MigrationJournalDatabaseInitializer;
import io.github.phasedmigration.autoconfigure.journal.MigrationJournalHealthAutoConfiguration;
import io.github.phasedmigration.autoconfigure.journal.MigrationJournalHealthIndicator;
import io.github.phasedmigration.autoconfigure.metrics.MicrometerBackfillListener;
import io.github.phasedmigration.autoconfigure.metrics.MigrationMetricsAutoConfiguration;
import io.github.phasedmigration.autoconfigure.transaction.SpringTransactionHook;
import io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.backfill.CheckpointStore;
import io.github.phasedmigration.core.backfill.InMemoryCheckpointStore;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.journal.jdbc.JdbcWriteJournal;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each optional dependency of the auto-configurations hidden in turn with a
 * {@link FilteredClassLoader}: the application still starts, what needs the dependency backs off
 * (or falls back to memory), and the rest still works: the greeting migrates in SHADOW, a backfill
 * runs to its end, the endpoint, health and metrics answer where their dependencies are there.
 *
 * <p>A {@code FilteredClassLoader} hides a class from conditions and from
 * {@code ClassUtils.isPresent}, not from the linking of this module's own classes (they come from
 * the application class loader): a class of an optional dependency named in a bean method's body
 * outside its guard passes here. {@code BackfillWithoutJdbcTests} and the smoke applications under
 * {@code smoke-tests/} start with dependencies really absent.
 */
class OptionalDependenciesTests {

	private static final String PLAIN = "plain";

	private static final String DATABASE_AND_BACKFILL = "database+backfill";

	/** Every auto-configuration of the module, a meter registry, the endpoint exposed, greeting in SHADOW. */
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PhasedMigrationAutoConfiguration.class,
				MigrationJournalAutoConfiguration.class, MigrationJournalHealthAutoConfiguration.class,
				MigrationMetricsAutoConfiguration.class, MigrationsEndpointAutoConfiguration.class,
				MigrationBackfillAutoConfiguration.class))
		.withUserConfiguration(MethodLevelConfiguration.class)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(JsonMapper.class, () -> JsonMapper.builder().build())
		.withPropertyValues("migration.instances.greeting.mode=SHADOW",
				"management.endpoints.web.exposure.include=migrations");

	@ParameterizedTest(name = "[{index}] without {0}, {1}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# hidden                                | application       | journal | checkpoints | tx hook | endpoint | health | metrics
			-                                       | plain             | memory  | -           | spring  | true     | true   | true
			-                                       | database+backfill | jdbc    | jdbc        | spring  | true     | true   | true
			org.springframework.jdbc                | plain             | memory  | -           | spring  | true     | true   | true
			org.springframework.jdbc                | database+backfill | memory  | memory      | spring  | true     | true   | true
			org.springframework.boot.jdbc           | plain             | memory  | -           | spring  | true     | true   | true
			org.springframework.boot.jdbc           | database+backfill | memory  | memory      | spring  | true     | true   | true
			org.springframework.boot.sql            | plain             | memory  | -           | spring  | true     | true   | true
			org.springframework.boot.sql            | database+backfill | memory  | memory      | spring  | true     | true   | true
			org.springframework.transaction         | plain             | memory  | -           | none    | true     | true   | true
			org.springframework.transaction         | database+backfill | memory  | memory      | none    | true     | true   | true
			org.springframework.boot.actuate        | plain             | memory  | -           | spring  | false    | true   | true
			org.springframework.boot.actuate        | database+backfill | jdbc    | jdbc        | spring  | false    | true   | true
			org.springframework.boot.health         | plain             | memory  | -           | spring  | true     | false  | true
			org.springframework.boot.health         | database+backfill | jdbc    | jdbc        | spring  | true     | false  | true
			io.micrometer.core                      | plain             | memory  | -           | spring  | true     | true   | false
			io.micrometer.core                      | database+backfill | jdbc    | jdbc        | spring  | true     | true   | false
			tools.jackson                           | plain             | memory  | -           | spring  | true     | true   | true
			tools.jackson                           | database+backfill | memory  | jdbc        | spring  | true     | true   | true
			io.github.phasedmigration.journal.jdbc  | plain             | memory  | -           | spring  | true     | true   | true
			io.github.phasedmigration.journal.jdbc  | database+backfill | memory  | jdbc        | spring  | true     | true   | true
			io.github.phasedmigration.backfill.jdbc | plain             | memory  | -           | spring  | true     | true   | true
			io.github.phasedmigration.backfill.jdbc | database+backfill | jdbc    | memory      | spring  | true     | true   | true
			""")
	void startsWithoutTheDependencyAndWhatNeedsItBacksOff(String hidden, String application, String journal,
			String checkpoints, String transactionHook, boolean endpoint, boolean health, boolean metrics) {
		ApplicationContextRunner runner = application(application);
		if (hidden != null) {
			runner = runner.withClassLoader(new FilteredClassLoader(hidden));
		}
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertJournal(context, journal);
			assertCheckpoints(context, checkpoints);
			if ("spring".equals(transactionHook)) {
				assertThat(context.getBean(TransactionHook.class)).isInstanceOf(SpringTransactionHook.class);
			}
			else {
				assertThat(context.getBean(TransactionHook.class)).isSameAs(TransactionHook.NONE);
			}
			assertEndpoint(context, endpoint, checkpoints != null);
			assertHealth(context, health);
			assertThat(context.containsBean("micrometerMigrationListener")).as("metrics").isEqualTo(metrics);
			assertThat(context.getBeanNamesForType(MicrometerBackfillListener.class))
				.as("backfill metrics").hasSize((metrics && checkpoints != null) ? 1 : 0);

			assertGreetingMigratesInShadow(context, metrics);
			if (checkpoints != null) {
				assertThat(BackfillFixtures.backfillAccounts(context).rowsDone())
					.isEqualTo(BackfillFixtures.ACCOUNTS_IN_OLD);
			}
		});
	}

	private ApplicationContextRunner application(String application) {
		if (PLAIN.equals(application)) {
			return this.runner;
		}
		assertThat(application).isEqualTo(DATABASE_AND_BACKFILL);
		// the application's own DataSource: H2's, which needs neither spring-jdbc nor spring-boot-jdbc
		return this.runner.withUserConfiguration(AccountsConfiguration.class)
			.withBean("dataSource", DataSource.class, OptionalDependenciesTests::h2);
	}

	private static DataSource h2() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		dataSource.setUser("sa");
		return dataSource;
	}

	private static void assertJournal(AssertableApplicationContext context, String journal) {
		boolean jdbc = "jdbc".equals(journal);
		assertThat(context.getBean(WriteJournal.class))
			.isInstanceOf(jdbc ? JdbcWriteJournal.class : InMemoryWriteJournal.class);
		assertThat(context.getBeanNamesForType(MigrationJournalDatabaseInitializer.class)).hasSize(jdbc ? 1 : 0);
	}

	private static void assertCheckpoints(AssertableApplicationContext context, String checkpoints) {
		if (checkpoints == null) {
			assertThat(context).doesNotHaveBean(CheckpointStore.class);
			return;
		}
		boolean jdbc = "jdbc".equals(checkpoints);
		assertThat(context.getBean(CheckpointStore.class))
			.isInstanceOf(jdbc ? JdbcCheckpointStore.class : InMemoryCheckpointStore.class);
		assertThat(context.getBeanNamesForType(MigrationBackfillDatabaseInitializer.class)).hasSize(jdbc ? 1 : 0);
	}

	private static void assertEndpoint(AssertableApplicationContext context, boolean endpoint, boolean backfill) {
		if (!endpoint) {
			assertThat(context).doesNotHaveBean(MigrationsEndpoint.class).doesNotHaveBean(BackfillSection.class);
			return;
		}
		assertThat(context.getBean(MigrationsEndpoint.class).migrations().migrations()).containsKey(Greeters.MIGRATION);
		assertThat(context.getBeanNamesForType(BackfillSection.class)).hasSize(backfill ? 1 : 0);
	}

	private static void assertHealth(AssertableApplicationContext context, boolean health) {
		if (!health) {
			assertThat(context).doesNotHaveBean("migrationJournalHealthIndicator");
			return;
		}
		assertThat(context.getBean(MigrationJournalHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
	}

	/** Old answers, new runs beside it, and the match is counted (in the registry and, with metrics, the meter). */
	private static void assertGreetingMigratesInShadow(AssertableApplicationContext context, boolean metrics) {
		assertThat(context.getBean(OldGreeter.class).greet("Ann")).isEqualTo("Hello Ann");
		Migration greeting = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
		eventually().untilAsserted(() -> {
			assertThat(context.getBean(CallLog.class).count("new")).isOne();
			assertThat(greeting.counters().comparisons(ComparisonResult.MATCH)).isOne();
		});
		if (metrics) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			eventually().untilAsserted(() -> assertThat(registry.find("migration.comparisons")
				.tags("migration", Greeters.MIGRATION, "result", "match")
				.counter()).isNotNull().satisfies((counter) -> assertThat(counter.count()).isOne()));
		}
	}

}
