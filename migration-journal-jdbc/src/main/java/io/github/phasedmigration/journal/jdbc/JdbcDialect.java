package io.github.phasedmigration.journal.jdbc;

import java.util.Locale;

/**
 * What the journal needs to know of its database, read once from its {@code DatabaseMetaData}.
 *
 * @param description product and version, for logs
 * @param claimStrategy how entries are claimed
 * @param limitOffset whether {@code LIMIT ? OFFSET ?} is understood; other databases page with
 * {@code setMaxRows} and skip rows on the client
 * @param readCommitted whether writes ask for READ COMMITTED: InnoDB defaults to REPEATABLE READ,
 * whose gap locks would make a claim or a range update block concurrent appends
 * @param idColumn the name of the generated key column as the driver reports it
 */
record JdbcDialect(String description, ClaimStrategy claimStrategy, boolean limitOffset, boolean readCommitted,
		String idColumn) {

	static JdbcDialect of(String productName, String productVersion, int major, int minor,
			boolean upperCaseIdentifiers) {
		String product = productName.toLowerCase(Locale.ROOT);
		boolean postgres = product.contains("postgresql");
		boolean mariadb = product.contains("mariadb");
		boolean mysql = !mariadb && product.contains("mysql");
		boolean h2 = product.equals("h2");
		boolean skipLocked = (postgres && atLeast(major, minor, 9, 5)) || (mariadb && atLeast(major, minor, 10, 6))
				|| (mysql && atLeast(major, minor, 8, 0));
		return new JdbcDialect(productName + " " + productVersion,
				skipLocked ? ClaimStrategy.SKIP_LOCKED : ClaimStrategy.CONDITIONAL_UPDATE,
				postgres || mariadb || mysql || h2, mariadb || mysql, upperCaseIdentifiers ? "ID" : "id");
	}

	JdbcDialect withClaimStrategy(ClaimStrategy claimStrategy) {
		return new JdbcDialect(this.description, claimStrategy, this.limitOffset, this.readCommitted, this.idColumn);
	}

	JdbcDialect withoutLimitOffset() {
		return new JdbcDialect(this.description, this.claimStrategy, false, this.readCommitted, this.idColumn);
	}

	private static boolean atLeast(int major, int minor, int wantedMajor, int wantedMinor) {
		return major > wantedMajor || (major == wantedMajor && minor >= wantedMinor);
	}

}
