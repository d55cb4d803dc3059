package io.github.phasedmigration.autoconfigure.backfill;

import java.util.List;
import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.phasedmigration.autoconfigure.PhasedMigrationAutoConfiguration;
import io.github.phasedmigration.autoconfigure.journal.JournalDataSource;
import io.github.phasedmigration.autoconfigure.journal.MigrationJournalAutoConfiguration;
import io.github.phasedmigration.autoconfigure.journal.MigrationJournalProperties;
import io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore;
import io.github.phasedmigration.core.InstanceIds;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.CheckpointStore;
import io.github.phasedmigration.core.backfill.InMemoryCheckpointStore;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.MigrationRegistry;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * backfill, verify and repair, when the application defines {@link Backfill} beans: the checkpoints'
 * table in the journal's DataSource (created under the journal's {@code initialize-schema} rule),
 * the {@link BackfillLifecycle} that runs them, and their sections of the {@code migrations}
 * endpoint.
 */
@AutoConfiguration(after = { PhasedMigrationAutoConfiguration.class, MigrationJournalAutoConfiguration.class },
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBean(Backfill.class)
@ConditionalOnBooleanProperty(name = "migration.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrationBackfillProperties.class)
public final class MigrationBackfillAutoConfiguration {

	private static final Log logger = LogFactory.getLog(MigrationBackfillAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	BackfillLifecycle migrationBackfillLifecycle(ObjectProvider<Backfill<?, ?>> backfills, CheckpointStore store,
			MigrationBackfillProperties properties, ObjectProvider<MigrationJournalProperties> journalProperties,
			MigrationRegistry registry, ObjectProvider<WriteJournal> journal, ObjectProvider<BackfillListener> listeners) {
		MigrationJournalProperties journalSettings = journalProperties.getIfAvailable();
		String instanceId = (journalSettings != null) ? journalSettings.instanceIdOrGenerate() : InstanceIds.generate();
		// looked up at each event, after every bean (metrics among them) exists; one that throws spares the others
		BackfillListener listener = new BackfillListeners(listeners);
		return new BackfillLifecycle(() -> List.copyOf(backfills.orderedStream().toList()), store, properties, registry,
				journal.getIfAvailable(), instanceId, listener);
	}

	@Bean
	@ConditionalOnMissingBean(CheckpointStore.class)
	CheckpointStore migrationInMemoryCheckpointStore() {
		logger.warn("Backfill checkpoints are kept in memory: there is no DataSource (or migration-backfill-jdbc is "
				+ "not on the class path). A restart loses them, and a backfill then starts over");
		return new InMemoryCheckpointStore();
	}

	/**
	 * The journal's settings ({@code migration.journal.instance-id} names this instance in the
	 * backfills' leases too), even without a DataSource. Without spring-boot-sql, whose
	 * {@link DatabaseInitializationMode} they hold, they are not bound: there is then no JDBC at all,
	 * the checkpoints are in memory, and a generated id serves.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DatabaseInitializationMode.class)
	@EnableConfigurationProperties(MigrationJournalProperties.class)
	static class JournalSettings {

	}

	/** The backfill and verify sections of the endpoint, when the Actuator is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointSections {

		@Bean
		BackfillSection migrationBackfillSection(BackfillLifecycle lifecycle) {
			return new BackfillSection(lifecycle);
		}

		@Bean
		VerifySection migrationVerifySection(BackfillLifecycle lifecycle, MigrationBackfillProperties properties) {
			return new VerifySection(lifecycle, properties);
		}

	}

	/**
	 * Checkpoints in a table next to the journal. Everything JDBC (spring-jdbc, spring-tx,
	 * spring-boot-jdbc, whose script initializer creates the table, spring-boot-sql and this module's
	 * table) is named only here: the class-level annotations of the outer class are
	 * read before its bean conditions are, even in an application without JDBC.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcCheckpointStore.class, JdbcClient.class, TransactionTemplate.class,
			DataSourceScriptDatabaseInitializer.class, DatabaseInitializationDependencyConfigurer.class })
	@ConditionalOnBean(DataSource.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class JdbcCheckpoints {

		@Bean
		@ConditionalOnMissingBean
		MigrationBackfillDatabaseInitializer migrationBackfillDatabaseInitializer(BeanFactory beanFactory,
				MigrationJournalProperties journal) {
			return new MigrationBackfillDatabaseInitializer(JournalDataSource.resolve(beanFactory, journal),
					journal.getInitializeSchema());
		}

		@Bean
		@ConditionalOnMissingBean
		@DependsOnDatabaseInitialization
		CheckpointStore migrationCheckpointStore(BeanFactory beanFactory, MigrationJournalProperties journal) {
			DataSource dataSource = JournalDataSource.resolve(beanFactory, journal);
			requireTable(dataSource, journal);
			return new JdbcCheckpointStore(dataSource);
		}

		/** A missing table fails start-up now, not the first backfill later. */
		private static void requireTable(DataSource dataSource, MigrationJournalProperties journal) {
			try {
				JdbcClient.create(dataSource)
					.sql("SELECT migration FROM " + JdbcCheckpointStore.TABLE + " WHERE 1 = 0")
					.query()
					.listOfRows();
			}
			catch (BadSqlGrammarException ex) {
				throw new IllegalStateException("The backfills' checkpoint table " + JdbcCheckpointStore.TABLE
						+ " does not exist in the journal's DataSource, and migration.journal.initialize-schema is "
						+ journal.getInitializeSchema() + "; set it to always, or create the table with the script "
						+ "for your database from io/github/phasedmigration/backfill/jdbc/ in migration-backfill-jdbc "
						+ "(schema-postgresql.sql, schema-mariadb.sql, schema-mysql.sql, schema-h2.sql)", ex);
			}
			catch (DataAccessException ex) {
				logger.warn("The backfills' checkpoint table could not be checked; its database may be unreachable",
						ex);
			}
		}

	}

}
