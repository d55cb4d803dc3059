package io.github.phasedmigration.jdbc;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The database behind a {@code DataSource} as its {@link DatabaseMetaData} describes it, read once:
 * its {@link DatabaseType}, and what the SQL around it needs besides.
 *
 * @param type the type that the product name gives
 * @param productName as the driver reports it, for messages
 * @param productVersion as the driver reports it, for logs
 * @param majorVersion the major version
 * @param minorVersion the minor version
 * @param storesUpperCaseIdentifiers whether unquoted names are stored, and reported, in upper case
 */
public record DetectedDatabase(DatabaseType type, String productName, String productVersion, int majorVersion,
		int minorVersion, boolean storesUpperCaseIdentifiers) {

	/**
	 * Reads the database's metadata: takes one connection.
	 * @param dataSource the database
	 * @param failure the message of the {@link IllegalStateException} thrown when the metadata
	 * cannot be read
	 */
	public static DetectedDatabase of(DataSource dataSource, String failure) {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource,
					(metaData) -> of(metaData.getDatabaseProductName(), metaData.getDatabaseProductVersion(),
							metaData.getDatabaseMajorVersion(), metaData.getDatabaseMinorVersion(),
							metaData.storesUpperCaseIdentifiers()));
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException(failure, ex);
		}
	}

	/** The database that metadata with these values describes. */
	public static DetectedDatabase of(String productName, String productVersion, int majorVersion, int minorVersion,
			boolean storesUpperCaseIdentifiers) {
		return new DetectedDatabase(DatabaseType.fromProductName(productName), productName, productVersion,
				majorVersion, minorVersion, storesUpperCaseIdentifiers);
	}

	/** Product and version, for logs: {@code PostgreSQL 15.4}. */
	public String description() {
		return this.productName + " " + this.productVersion;
	}

	/** Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} is understood by this version of the database. */
	public boolean supportsSkipLocked() {
		return this.type.supportsSkipLocked(this.majorVersion, this.minorVersion);
	}

}
