package io.github.phasedmigration.sample.payments;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where each side of the {@code customer-source} migration keeps its data.
 *
 * <p>By default both sides share the application's one {@link DataSource} (embedded H2 from
 * {@code spring.datasource.*}), and the sample needs no database server. With the profile
 * {@code cross-db} the payment ledger moves from MariaDB to PostgreSQL: old (the orders table,
 * {@link OrderService}'s own writes, {@link OrdersTableLedger}) stays on MariaDB, new
 * ({@link PendingPaymentsLedger}, the pending_payments table) lives on PostgreSQL, each side with a
 * DataSource of its own bound from {@code sample.datasource.old.*} and {@code sample.datasource.new.*}
 * (see {@code application-cross-db.yml}).
 *
 * <p>Bean names, for {@code migration.journal.data-source} and for qualifiers:
 * <ul>
 * <li>{@value #OLD_JDBC_CLIENT} and {@value #NEW_JDBC_CLIENT}, in every profile;</li>
 * <li>{@value #OLD_DATA_SOURCE} (primary) and {@value #NEW_DATA_SOURCE}, with {@code cross-db}
 * only; by default the one DataSource is Boot's {@code dataSource}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class LedgerDatabases {

	/** The old side's {@link JdbcClient}: the orders table. Primary, so a plain injection gets it. */
	public static final String OLD_JDBC_CLIENT = "oldJdbcClient";

	/** The new side's {@link JdbcClient}: the pending_payments table. */
	public static final String NEW_JDBC_CLIENT = "newJdbcClient";

	/** The old side's DataSource with {@code cross-db}: MariaDB. */
	public static final String OLD_DATA_SOURCE = "oldDataSource";

	/** The new side's DataSource with {@code cross-db}: PostgreSQL. */
	public static final String NEW_DATA_SOURCE = "newDataSource";

	// the primary DataSource: H2 by default, the old side's with cross-db
	@Bean(OLD_JDBC_CLIENT)
	@Primary
	JdbcClient oldJdbcClient(DataSource dataSource) {
		return JdbcClient.create(dataSource);
	}

	@Bean(NEW_JDBC_CLIENT)
	JdbcClient newJdbcClient(@Qualifier(NEW_DATA_SOURCE) ObjectProvider<DataSource> newDataSource,
			DataSource dataSource) {
		return JdbcClient.create(newDataSource.getIfAvailable(() -> dataSource));
	}

	/**
	 * Two databases, as Spring Boot's how-to "Configure Two DataSources" sets them up: old is
	 * primary, so that Boot's transaction manager, {@code spring.sql.init} and the reconciliation
	 * journal use it; new is injected only where it is asked for by name.
	 */
	@Configuration(proxyBeanMethods = false)
	@Profile("cross-db")
	static class CrossDatabase {

		@Bean
		@Primary
		@ConfigurationProperties("sample.datasource.old")
		DataSourceProperties oldDataSourceProperties() {
			return new DataSourceProperties();
		}

		@Bean(OLD_DATA_SOURCE)
		@Primary
		@ConfigurationProperties("sample.datasource.old.hikari")
		HikariDataSource oldDataSource(@Qualifier("oldDataSourceProperties") DataSourceProperties properties) {
			return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		}

		@Bean(defaultCandidate = false)
		@ConfigurationProperties("sample.datasource.new")
		DataSourceProperties newDataSourceProperties() {
			return new DataSourceProperties();
		}

		@Bean(name = NEW_DATA_SOURCE, defaultCandidate = false)
		@ConfigurationProperties("sample.datasource.new.hikari")
		HikariDataSource newDataSource(@Qualifier("newDataSourceProperties") DataSourceProperties properties) {
			return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		}

		/**
		 * The pending_payments table on the new side. {@code spring.sql.init} only knows the primary
		 * DataSource; a second initializer of the same kind is what Boot waits for before the beans
		 * that depend on database initialization.
		 */
		@Bean
		DataSourceScriptDatabaseInitializer newDataSourceScriptDatabaseInitializer(
				@Qualifier(NEW_DATA_SOURCE) DataSource dataSource) {
			DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
			settings.setSchemaLocations(List.of("classpath:db/cross-db/pending-payments-postgresql.sql"));
			settings.setMode(DatabaseInitializationMode.ALWAYS);
			return new DataSourceScriptDatabaseInitializer(dataSource, settings);
		}

	}

}
