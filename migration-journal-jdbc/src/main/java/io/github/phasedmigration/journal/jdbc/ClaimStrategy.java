package io.github.phasedmigration.journal.jdbc;

/**
 * How a {@link JdbcWriteJournal} makes sure that two claimers never take the same entry.
 */
public enum ClaimStrategy {

	/**
	 * {@code SELECT ... FOR UPDATE SKIP LOCKED} in a short transaction, then an update of the
	 * locked rows: claimers pass each other instead of waiting. PostgreSQL 9.5, MariaDB 10.6 and
	 * MySQL 8.0 or later.
	 */
	SKIP_LOCKED,

	/**
	 * A conditional update of each candidate that only succeeds while the entry is still due or
	 * its lease has ended: of two claimers of one entry, one updates a row and the other none.
	 * Every other database, H2 included.
	 */
	CONDITIONAL_UPDATE

}
