package io.github.phasedmigration.autoconfigure.journal;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.autoconfigure.MigrationProperties;
import io.github.phasedmigration.autoconfigure.MigrationProperties.Journal;
import io.github.phasedmigration.autoconfigure.PhasedMigrationAutoConfiguration;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.journal.jdbc.InstanceIds;
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
@ConditionalOnClass({ JdbcWriteJournal.class, JsonMapper.class, DataSourceScriptDatabaseInitializer.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "migration.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrationProperties.class)
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
			MigrationProperties properties) {
		Journal journal = properties.getJournal();
		return new MigrationJournalDatabaseInitializer(dataSource(beanFactory, journal), journal.getInitializeSchema());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	WriteJournal migrationWriteJournal(BeanFactory beanFactory, MigrationProperties properties) {
		Journal journal = properties.getJournal();
		String instanceId = (journal.getInstanceId() != null) ? journal.getInstanceId() : InstanceIds.generate();
		JdbcWriteJournal writeJournal = new JdbcWriteJournal(dataSource(beanFactory, journal), instanceId,
				Clock.systemUTC());
		logger.info("Reconciliation journal: table " + JdbcWriteJournal.TABLE + " in DataSource "
				+ ((journal.getDataSource() != null) ? "'" + journal.getDataSource() + "'" : "(the application's)")
				+ ", claims by " + writeJournal.claimStrategy() + ", instance " + instanceId);
		return writeJournal;
	}

	private static DataSource dataSource(BeanFactory beanFactory, Journal journal) {
		String name = journal.getDataSource();
		if (name == null) {
			return beanFactory.getBean(DataSource.class);
		}
		try {
			return beanFactory.getBean(name, DataSource.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new IllegalStateException("migration.journal.data-source = '" + name
					+ "' names no DataSource bean; name an existing DataSource bean, or remove the key to use the "
					+ "application's DataSource", ex);
		}
	}

}
