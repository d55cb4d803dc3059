package io.github.phasedmigration.journal.jdbc;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.JournalStatus;

/**
 * {@link ClaimStrategy#SKIP_LOCKED}: {@code SELECT ... FOR UPDATE SKIP LOCKED} in a short
 * transaction, then an update of the rows it locked.
 */
final class SkipLockedClaim extends JournalClaim {

	SkipLockedClaim(JdbcClient jdbc, TransactionTemplate writes, TransactionTemplate reads, String instanceId) {
		super(jdbc, writes, reads, instanceId);
	}

	@Override
	List<JournalEntry> claim(int max, long now, long leaseUntil) {
		// the lock is only taken on the outer rows: the NOT EXISTS reads the older rows of a key
		// without locking them, so a claimer holding the oldest one does not hide the key from
		// the check, it makes the later ones wait
		List<JournalEntry> claimed = DeadlockRetries.execute(this.writes, (status) -> {
			List<JournalEntry> locked = this.jdbc
				.sql("SELECT " + JournalEntryRowMapper.COLUMNS + " FROM " + JdbcWriteJournal.TABLE + " j WHERE "
						+ CLAIMABLE + " ORDER BY j.id LIMIT :max FOR UPDATE SKIP LOCKED")
				.param("now", now)
				.param("max", max)
				.query(this.entries)
				.list();
			for (List<Long> chunk : InLists.chunks(locked.stream().map(JournalEntry::id).toList())) {
				this.jdbc.sql(CLAIM_UPDATE + " WHERE id IN (:ids)")
					.param("me", this.instanceId)
					.param("leaseUntil", leaseUntil)
					.param("now", now)
					.param("ids", chunk)
					.update();
			}
			// the rows stay locked until the commit, so what was read is what the update changed
			return locked.stream().map((entry) -> claimed(entry, now)).toList();
		});
		return (claimed != null) ? claimed : List.of();
	}

	private static JournalEntry claimed(JournalEntry entry, long now) {
		return new JournalEntry(entry.id(), entry.migration(), entry.impl(), entry.method(), entry.key(),
				entry.arguments(), entry.cause(), entry.lastError(), entry.attempts() + 1, JournalStatus.REPLAYING,
				entry.nextAttemptAt(), entry.createdAt(), Instant.ofEpochMilli(now), null);
	}

}
