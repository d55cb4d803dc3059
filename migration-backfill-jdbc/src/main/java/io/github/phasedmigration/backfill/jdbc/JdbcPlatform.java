package io.github.phasedmigration.backfill.jdbc;

import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The databases whose SQL this module writes differently, read once from a
 * {@code DatabaseMetaData}.
 */
enum JdbcPlatform {

	POSTGRESQL, MARIADB, MYSQL, H2,

	/** Any other database: reads page with {@code setMaxRows}, batch writes are not supported. */
	OTHER;

	/** The products that batch writes support, for messages. */
	static final String SUPPORTED = "PostgreSQL, MariaDB, MySQL and H2";

	static JdbcPlatform of(String productName) {
		String product = productName.toLowerCase(Locale.ROOT);
		if (product.contains("postgresql")) {
			return POSTGRESQL;
		}
		if (product.contains("mariadb")) {
			return MARIADB;
		}
		if (product.contains("mysql")) {
			return MYSQL;
		}
		return product.equals("h2") ? H2 : OTHER;
	}

	/** The product name of the database behind a {@code DataSource}: takes one connection. */
	static String productName(DataSource dataSource, String purpose) {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, (metaData) -> metaData.getDatabaseProductName());
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Cannot read the database metadata of " + purpose, ex);
		}
	}

	/** Whether {@code LIMIT ?} ends a query. */
	boolean limit() {
		return this != OTHER;
	}

	/**
	 * Whether own write transactions ask for READ COMMITTED: InnoDB defaults to REPEATABLE READ,
	 * whose gap and next-key locks make concurrent inserts of neighbouring keys wait or deadlock.
	 */
	boolean readCommitted() {
		return this == MARIADB || this == MYSQL;
	}

}
