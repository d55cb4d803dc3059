package io.github.phasedmigration.autoconfigure.journal;

import java.sql.DatabaseMetaData;
import java.util.List;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Creates one of the starter's tables when it is missing, with the script shipped for the
 * database (PostgreSQL, MariaDB, MySQL, H2), as Spring Session and Spring Batch create theirs: in
 * embedded databases by default, in every database with {@code migration.journal.initialize-schema=always},
 * never with {@code never} (teams on Flyway or Liquibase copy the script into their migrations).
 */
public abstract class MigrationTableInitializer extends DataSourceScriptDatabaseInitializer {

	/**
	 * @param what the table, for messages, e.g. "journal"
	 * @param locations the script's {@code classpath:} location for a platform id of
	 * {@link DatabaseDriver} (postgresql, mariadb, mysql, h2)
	 */
	protected MigrationTableInitializer(DataSource dataSource, DatabaseInitializationMode mode, String what,
			Function<String, String> locations) {
		super(dataSource, settings(dataSource, mode, what, locations));
	}

	private static DatabaseInitializationSettings settings(DataSource dataSource, DatabaseInitializationMode mode,
			String what, Function<String, String> locations) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setMode(mode);
		if (mode != DatabaseInitializationMode.NEVER) {
			String location = scriptLocation(dataSource, what, locations);
			if (location != null) {
				settings.setSchemaLocations(List.of(location));
			}
			else if (mode == DatabaseInitializationMode.ALWAYS) {
				throw new IllegalStateException("migration.journal.initialize-schema=always, but no " + what
						+ " script exists for this database; scripts exist for postgresql, mariadb, mysql and h2. "
						+ "Create the table yourself from one of them and set migration.journal.initialize-schema=never");
			}
		}
		settings.setContinueOnError(false);
		return settings;
	}

	private static @Nullable String scriptLocation(DataSource dataSource, String what,
			Function<String, String> locations) {
		String productName;
		try {
			productName = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("The " + what + "'s database could not be reached to create its table",
					ex);
		}
		String platform = DatabaseDriver.fromProductName(productName).getId();
		if (platform == null) {
			return null;
		}
		String location = locations.apply(platform);
		boolean exists = MigrationTableInitializer.class.getClassLoader()
			.getResource(location.substring("classpath:".length())) != null;
		return exists ? location : null;
	}

}
