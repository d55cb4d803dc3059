package io.github.phasedmigration.journal.jdbc;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.phasedmigration.core.journal.JournalEntry;

/**
 * {@link ClaimStrategy#CONDITIONAL_UPDATE}: reads the candidates, takes each one with an update
 * that only succeeds while it is still due, then reads back the ones it took.
 */
final class ConditionalUpdateClaim extends JournalClaim {

	ConditionalUpdateClaim(JdbcClient jdbc, TransactionTemplate writes, TransactionTemplate reads,
			String instanceId) {
		super(jdbc, writes, reads, instanceId);
	}

	@Override
	List<JournalEntry> claim(int max, long now, long leaseUntil) {
		List<Long> candidates = this.reads.execute((status) -> this.jdbc
			.sql("SELECT j.id FROM " + JdbcWriteJournal.TABLE + " j WHERE " + CLAIMABLE + " ORDER BY j.id")
			.param("now", now)
			.withMaxRows(max)
			.query(Long.class)
			.list());
		if (candidates == null || candidates.isEmpty()) {
			return List.of();
		}
		List<Long> won = new ArrayList<>(candidates.size());
		for (Long id : candidates) {
			// repeats the due condition: of two claimers that chose the same candidate, the
			// second one's update finds it claimed and changes no row. Entries older than a
			// candidate cannot appear meanwhile, so the key condition needs no repeat.
			Integer updated = DeadlockRetries.execute(this.writes, (status) -> this.jdbc
				.sql(CLAIM_UPDATE + " WHERE id = :id AND ((status = 'PENDING' AND next_attempt_at <= :now)"
						+ " OR (status = 'REPLAYING' AND lease_until < :now))")
				.param("me", this.instanceId)
				.param("leaseUntil", leaseUntil)
				.param("now", now)
				.param("id", id)
				.update());
			if (updated != null && updated == 1) {
				won.add(id);
			}
		}
		if (won.isEmpty()) {
			return List.of();
		}
		List<JournalEntry> claimed = new ArrayList<>(won.size());
		this.reads.executeWithoutResult((status) -> {
			for (List<Long> chunk : InLists.chunks(won)) {
				// read back what the claims wrote; a lease that already ended and was taken over
				// in between leaves its entry out
				claimed.addAll(this.jdbc
					.sql("SELECT " + JournalEntryRowMapper.COLUMNS + " FROM " + JdbcWriteJournal.TABLE
							+ " WHERE id IN (:ids) AND claimed_by = :me AND updated_at = :now ORDER BY id")
					.param("ids", chunk)
					.param("me", this.instanceId)
					.param("now", now)
					.query(this.entries)
					.list());
			}
		});
		return claimed;
	}

}
