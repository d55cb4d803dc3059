package io.github.phasedmigration.autoconfigure.journal;

import java.time.Clock;
import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.autoconfigure.PhasedMigrationAutoConfiguration;
import io.github.phasedmigration.autoconfigure.replay.ArgumentCodecs;
import io.github.phasedmigration.autoconfigure.replay.JacksonArgumentCodecs;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.journal.jdbc.JdbcWriteJournal;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * durable reconciliation journal: a {@link JdbcWriteJournal} in the application's
 * {@link DataSource} (or the one named by {@code migration.journal.data-source}), its table created
 * as {@code migration.journal.initialize-schema} says, and arguments stored as JSON with the
 * application's {@link JsonMapper}. Without a DataSource, the engine falls back to an in-memory
 * journal and says so at start-up.
 */
@AutoConfiguration(before = PhasedMigrationAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass({ JdbcWriteJournal.class, JsonMapper.class, JdbcClient.class, TransactionTemplate.class,
		DataSourceScriptDatabaseInitializer.class, DatabaseInitializationDependencyConfigurer.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "migration.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrationJournalProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class MigrationJournalAutoConfiguration {

	private static final Log logger = LogFactory.getLog(MigrationJournalAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ArgumentCodecs migrationArgumentCodecs(ObjectProvider<JsonMapper> jsonMapper) {
		return new JacksonArgumentCodecs(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationJournalDatabaseInitializer migrationJournalDatabaseInitializer(BeanFactory beanFactory,
			MigrationJournalProperties journal) {
		return new MigrationJournalDatabaseInitializer(dataSource(beanFactory, journal), journal.getInitializeSchema());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	WriteJournal migrationWriteJournal(BeanFactory beanFactory, MigrationJournalProperties journal) {
		String instanceId = journal.instanceIdOrGenerate();
		DataSource dataSource = dataSource(beanFactory, journal);
		requireTable(dataSource, journal);
		JdbcWriteJournal writeJournal = new JdbcWriteJournal(dataSource, instanceId, Clock.systemUTC());
		logger.info("Reconciliation journal: table " + JdbcWriteJournal.TABLE + " in DataSource "
				+ ((journal.getDataSource() != null) ? "'" + journal.getDataSource() + "'" : "(the application's)")
				+ ", claims by " + writeJournal.claimStrategy() + ", instance " + instanceId);
		return writeJournal;
	}

	/** A missing table fails start-up now, not the first failed second write later. */
	private static void requireTable(DataSource dataSource, MigrationJournalProperties journal) {
		try {
			JdbcClient.create(dataSource).sql("SELECT id FROM " + JdbcWriteJournal.TABLE + " WHERE 1 = 0").query().listOfRows();
		}
		catch (BadSqlGrammarException ex) {
			throw new IllegalStateException("The reconciliation journal's table " + JdbcWriteJournal.TABLE
					+ " does not exist in its DataSource"
					+ ((journal.getDataSource() != null) ? " '" + journal.getDataSource() + "'" : "")
					+ ", and migration.journal.initialize-schema is " + journal.getInitializeSchema()
					+ "; set it to always, or create the table with the script for your database from "
					+ "io/github/phasedmigration/journal/jdbc/ in migration-journal-jdbc (schema-postgresql.sql, "
					+ "schema-mariadb.sql, schema-mysql.sql, schema-h2.sql)", ex);
		}
		catch (DataAccessException ex) {
			logger.warn("The reconciliation journal's table could not be checked; the journal's database may be "
					+ "unreachable", ex);
		}
	}

	private static DataSource dataSource(BeanFactory beanFactory, MigrationJournalProperties journal) {
		return JournalDataSource.resolve(beanFactory, journal);
	}

}
