package io.github.phasedmigration.journal.jdbc;

import io.github.phasedmigration.jdbc.DatabaseType;
import io.github.phasedmigration.jdbc.DetectedDatabase;

/**
 * What the journal does on its database, decided once from its metadata.
 *
 * @param description product and version, for logs
 * @param type the database's type
 * @param claimStrategy how entries are claimed
 * @param limitOffset whether {@code LIMIT ? OFFSET ?} is understood; other databases page with
 * {@code setMaxRows} and skip rows on the client
 * @param idColumn the name of the generated key column as the driver reports it
 */
record JdbcDialect(String description, DatabaseType type, ClaimStrategy claimStrategy, boolean limitOffset,
		String idColumn) {

	static JdbcDialect of(DetectedDatabase database) {
		DatabaseType type = database.type();
		return new JdbcDialect(database.description(), type,
				database.supportsSkipLocked() ? ClaimStrategy.SKIP_LOCKED : ClaimStrategy.CONDITIONAL_UPDATE,
				type.supportsLimit(), database.storesUpperCaseIdentifiers() ? "ID" : "id");
	}

	JdbcDialect withClaimStrategy(ClaimStrategy claimStrategy) {
		return new JdbcDialect(this.description, this.type, claimStrategy, this.limitOffset, this.idColumn);
	}

	JdbcDialect withoutLimitOffset() {
		return new JdbcDialect(this.description, this.type, this.claimStrategy, false, this.idColumn);
	}

}
