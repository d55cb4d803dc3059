package io.github.phasedmigration.core.backfill.verify;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.backfill.KeyCodec;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.WriteJournal;

/**
 * Tells keys whose writes wait in the journal: their two sides differ for now, and the replay
 * will bring them together, so verify counts them apart and repair leaves them alone.
 */
final class PendingKeys<K> {

	private final @Nullable WriteJournal journal;

	private final String migration;

	private final KeyCodec<K> keys;

	PendingKeys(@Nullable WriteJournal journal, String migration, KeyCodec<K> keys) {
		this.journal = journal;
		this.migration = migration;
		this.keys = keys;
	}

	/** The journal's counts are read again after this long; until then a migration without entries costs no query. */
	private static final long STATS_TTL_NANOS = 250_000_000L;

	private long statsReadAt;

	private boolean statsRead;

	private boolean migrationHasEntries = true;

	boolean pending(K key) {
		WriteJournal journal = this.journal;
		if (journal == null || !migrationHasEntries(journal)) {
			return false;
		}
		return journal.hasEntries(this.migration, this.keys.format(key));
	}

	// one query for the whole migration instead of one per differing key, while its journal is empty
	private boolean migrationHasEntries(WriteJournal journal) {
		long now = System.nanoTime();
		if (!this.statsRead || now - this.statsReadAt > STATS_TTL_NANOS) {
			JournalStats stats = journal.stats().get(this.migration);
			this.migrationHasEntries = stats != null && (stats.pending() > 0 || stats.parked() > 0);
			this.statsReadAt = now;
			this.statsRead = true;
		}
		return this.migrationHasEntries;
	}

}
