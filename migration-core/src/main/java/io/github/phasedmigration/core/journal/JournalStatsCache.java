package io.github.phasedmigration.core.journal;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The journal's counts, read at most once per {@code maxAge}: gauges, the endpoint and the health
 * indicator read them often, the journal's table should not feel it. A failed read keeps the last
 * counts and remembers the error.
 */
public final class JournalStatsCache {

	private final WriteJournal journal;

	private final long maxAgeNanos;

	private final LongSupplier nanoTime;

	private volatile Map<String, JournalStats> stats = Map.of();

	private volatile long readAt;

	private volatile boolean read;

	private volatile @Nullable Throwable lastError;

	public JournalStatsCache(WriteJournal journal, Duration maxAge) {
		this(journal, maxAge, System::nanoTime);
	}

	JournalStatsCache(WriteJournal journal, Duration maxAge, LongSupplier nanoTime) {
		this.journal = journal;
		this.maxAgeNanos = maxAge.toNanos();
		this.nanoTime = nanoTime;
	}

	/** The counts of one migration. */
	public JournalStats of(String migration) {
		return all().getOrDefault(migration, JournalStats.EMPTY);
	}

	/** The counts of every migration with entries. */
	public Map<String, JournalStats> all() {
		if (!this.read || this.nanoTime.getAsLong() - this.readAt >= this.maxAgeNanos) {
			refresh();
		}
		return this.stats;
	}

	/** Reads the counts now. */
	public synchronized void refresh() {
		try {
			this.stats = Map.copyOf(this.journal.stats());
			this.lastError = null;
		}
		catch (RuntimeException ex) {
			this.lastError = ex;
		}
		finally {
			this.readAt = this.nanoTime.getAsLong();
			this.read = true;
		}
	}

	/** Why the last read failed, {@code null} when it did not. */
	public @Nullable Throwable lastError() {
		return this.lastError;
	}

	/** The journal whose counts these are. */
	public WriteJournal journal() {
		return this.journal;
	}

}
