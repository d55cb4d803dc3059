package io.github.phasedmigration.journal.jdbc;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.phasedmigration.core.journal.ForwardingWriteJournal;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;

/**
 * Answers {@link #hasEntries} from memory where it can, as it is called before every keyed second
 * write: it keeps, per migration, whether the journal may hold entries of it. {@link #append}
 * raises that at once; {@link #stats()} (and the first {@code hasEntries}) refreshes it from the
 * journal, so an entry that another instance appended is seen from the next {@code stats()} on.
 */
final class EntryHintsJournal extends ForwardingWriteJournal {

	private final ConcurrentMap<String, Hint> hints = new ConcurrentHashMap<>();

	private final Object monitor = new Object();

	private volatile boolean hintsLoaded;

	EntryHintsJournal(WriteJournal journal) {
		super(journal);
	}

	@Override
	public long append(NewJournalEntry entry) {
		Hint hint = this.hints.computeIfAbsent(entry.migration(), (migration) -> new Hint());
		hint.appendStarted();
		try {
			return super.append(entry);
		}
		finally {
			hint.appendFinished();
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Asks the journal only while the migration may have entries: after this journal appended one,
	 * or when the last {@link #stats()} saw some. The first call reads the stats to start from.
	 */
	@Override
	public boolean hasEntries(String migration, String key) {
		if (!this.hintsLoaded) {
			loadHints();
		}
		Hint hint = this.hints.get(migration);
		if (hint == null || !hint.mayHaveEntries()) {
			return false;
		}
		return super.hasEntries(migration, key);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Also refreshes what {@link #hasEntries} knows: migrations with entries, appended by any
	 * instance, are asked about from now on; those without are answered from memory again.
	 */
	@Override
	public Map<String, JournalStats> stats() {
		Map<String, long[]> before = new HashMap<>();
		this.hints.forEach((migration, hint) -> before.put(migration, hint.appends()));
		Map<String, JournalStats> stats = super.stats();
		stats.keySet().forEach((migration) -> this.hints.computeIfAbsent(migration, (name) -> new Hint()).seen());
		this.hints.forEach((migration, hint) -> {
			long[] appends = before.get(migration);
			if (!stats.containsKey(migration) && appends != null) {
				hint.noneSeen(appends);
			}
		});
		this.hintsLoaded = true;
		return stats;
	}

	private void loadHints() {
		synchronized (this.monitor) {
			if (!this.hintsLoaded) {
				stats();
			}
		}
	}

	/**
	 * Whether the journal may hold entries of one migration. Appends in flight are counted, so that
	 * a refresh whose query may have missed one of them leaves the hint raised.
	 */
	private static final class Hint {

		private long started;

		private long finished;

		private volatile boolean mayHaveEntries;

		synchronized void appendStarted() {
			this.started++;
			this.mayHaveEntries = true;
		}

		synchronized void appendFinished() {
			this.finished++;
		}

		/** Appends started and finished so far, to give to {@link #noneSeen} after a query. */
		synchronized long[] appends() {
			return new long[] { this.started, this.finished };
		}

		synchronized void seen() {
			this.mayHaveEntries = true;
		}

		/**
		 * A query that started after {@link #appends()} returned {@code before} found no entry.
		 * That holds now only if no append was in flight then (each one that had started had
		 * committed, so the query saw it) and none started since.
		 */
		synchronized void noneSeen(long[] before) {
			if (before[0] == before[1] && this.started == before[0]) {
				this.mayHaveEntries = false;
			}
		}

		boolean mayHaveEntries() {
			return this.mayHaveEntries;
		}

	}

}
