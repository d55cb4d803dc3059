package io.github.phasedmigration.jdbc;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The databases whose SQL the journal and the backfill write differently: how each one is
 * recognised from the product name of its {@code DatabaseMetaData}, the name of the script that
 * creates a module's table on it, and what its SQL allows. Every other database is
 * {@link #OTHER}, on which the modules keep to plain SQL.
 *
 * <pre class="code">
 * DatabaseType type = DatabaseType.fromProductName(metaData.getDatabaseProductName());
 * String sql = type.supportsLimit() ? select + " LIMIT ?" : select;   // else setMaxRows
 * </pre>
 */
public enum DatabaseType {

	/** PostgreSQL; claims may skip locked rows from 9.5 on. */
	POSTGRESQL("postgresql", 9, 5),

	/** MariaDB; claims may skip locked rows from 10.6 on. */
	MARIADB("mariadb", 10, 6),

	/** MySQL; claims may skip locked rows from 8.0 on. */
	MYSQL("mysql", 8, 0),

	/** H2, the embedded default. */
	H2("h2"),

	/** Any other database: no script, no {@code LIMIT}, no {@code SKIP LOCKED}. */
	OTHER(null);

	private final @Nullable String id;

	private final int skipLockedMajor;

	private final int skipLockedMinor;

	DatabaseType(@Nullable String id) {
		this(id, Integer.MAX_VALUE, 0);
	}

	DatabaseType(@Nullable String id, int skipLockedMajor, int skipLockedMinor) {
		this.id = id;
		this.skipLockedMajor = skipLockedMajor;
		this.skipLockedMinor = skipLockedMinor;
	}

	/**
	 * The type of the database whose {@code DatabaseMetaData.getDatabaseProductName()} this is.
	 * @param productName for example {@code PostgreSQL}, {@code MariaDB}, {@code MySQL}, {@code H2}
	 * @return its type, {@link #OTHER} for a database not listed
	 */
	public static DatabaseType fromProductName(String productName) {
		String product = productName.toLowerCase(Locale.ROOT);
		if (product.contains("postgresql")) {
			return POSTGRESQL;
		}
		// before MySQL: a name that holds both is MariaDB's
		if (product.contains("mariadb")) {
			return MARIADB;
		}
		if (product.contains("mysql")) {
			return MYSQL;
		}
		return product.equals("h2") ? H2 : OTHER;
	}

	/**
	 * The name of the script that creates a module's table on this database, next to the module's
	 * classes: {@code schema-<id>.sql}, its id as Spring Boot's {@code DatabaseDriver.getId()}
	 * names the database.
	 * @throws IllegalStateException for {@link #OTHER}, which has no script
	 */
	public String schemaScript() {
		if (this.id == null) {
			throw new IllegalStateException("No schema script is shipped for " + this
					+ " databases: scripts exist for PostgreSQL, MariaDB, MySQL and H2");
		}
		return "schema-" + this.id + ".sql";
	}

	/**
	 * Whether a query may end in {@code LIMIT ?}, and {@code LIMIT ? OFFSET ?}; on other databases
	 * a query pages with {@code setMaxRows} and skips rows on the client.
	 */
	public boolean supportsLimit() {
		return this != OTHER;
	}

	/**
	 * Whether a module's own write transactions ask for READ COMMITTED: InnoDB defaults to
	 * REPEATABLE READ, whose gap and next-key locks make a claim or a range update block concurrent
	 * inserts of neighbouring keys, or deadlock with them.
	 */
	public boolean readCommittedWrites() {
		return this == MARIADB || this == MYSQL;
	}

	/**
	 * Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} is understood by this version.
	 * @param major the database's major version
	 * @param minor the database's minor version
	 */
	public boolean supportsSkipLocked(int major, int minor) {
		return major > this.skipLockedMajor || (major == this.skipLockedMajor && minor >= this.skipLockedMinor);
	}

}
