package io.github.phasedmigration.journal.jdbc;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.phasedmigration.core.journal.JournalEntry;

/**
 * One way of claiming due journal entries, as a {@link ClaimStrategy} names it: its SQL and the
 * transactions it runs it in. {@link #of} gives the one that the database's dialect chose, as
 * Spring Batch gives a {@code PagingQueryProvider} per database.
 */
abstract class JournalClaim {

	/**
	 * The entries a claim may take. Only the oldest entry of a key is claimable, whatever the
	 * status of the older ones (I3): a parked one holds its key back until a person retries or
	 * discards it.
	 */
	static final String CLAIMABLE = "((j.status = 'PENDING' AND j.next_attempt_at <= :now)"
			+ " OR (j.status = 'REPLAYING' AND j.lease_until < :now))"
			+ " AND (j.entity_key IS NULL OR NOT EXISTS (SELECT 1 FROM " + JdbcWriteJournal.TABLE + " o"
			+ " WHERE o.migration = j.migration AND o.entity_key = j.entity_key AND o.id < j.id))";

	/** Takes entries for this instance; a {@code WHERE} follows. */
	static final String CLAIM_UPDATE = "UPDATE " + JdbcWriteJournal.TABLE
			+ " SET status = 'REPLAYING', claimed_by = :me, lease_until = :leaseUntil, attempts = attempts + 1,"
			+ " updated_at = :now";

	final JdbcClient jdbc;

	final TransactionTemplate writes;

	final TransactionTemplate reads;

	final String instanceId;

	final JournalEntryRowMapper entries = new JournalEntryRowMapper();

	JournalClaim(JdbcClient jdbc, TransactionTemplate writes, TransactionTemplate reads, String instanceId) {
		this.jdbc = jdbc;
		this.writes = writes;
		this.reads = reads;
		this.instanceId = instanceId;
	}

	/**
	 * The claim of a strategy.
	 * @param writes the journal's own write transactions on this database, retried when the
	 * database makes one a deadlock's victim
	 * @param reads outside of the caller's transaction
	 */
	static JournalClaim of(ClaimStrategy strategy, JdbcClient jdbc, TransactionTemplate writes,
			TransactionTemplate reads, String instanceId) {
		return switch (strategy) {
			case SKIP_LOCKED -> new SkipLockedClaim(jdbc, writes, reads, instanceId);
			case CONDITIONAL_UPDATE -> new ConditionalUpdateClaim(jdbc, writes, reads, instanceId);
		};
	}

	/**
	 * Claims up to {@code max} claimable entries, oldest first, for this instance until
	 * {@code leaseUntil}.
	 * @param now the claim's time, in epoch milliseconds, also stored as the entries' {@code updated_at}
	 * @return the entries claimed, as the claim changed them
	 */
	abstract List<JournalEntry> claim(int max, long now, long leaseUntil);

}
