package io.github.phasedmigration.core.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * An in-memory journal that counts claims and reads of its counts, and whose {@link #claim} and
 * {@link #stats} throw while a test says the store is away.
 */
final class ScriptedJournal implements WriteJournal {

	final InMemoryWriteJournal delegate = new InMemoryWriteJournal();

	final AtomicInteger claims = new AtomicInteger();

	final AtomicInteger statsReads = new AtomicInteger();

	volatile boolean claimFails;

	volatile boolean statsFails;

	@Override
	public long append(NewJournalEntry entry) {
		return this.delegate.append(entry);
	}

	@Override
	public boolean hasEntries(String migration, String key) {
		return this.delegate.hasEntries(migration, key);
	}

	@Override
	public List<JournalEntry> claim(int max, Duration lease, Instant now) {
		this.claims.incrementAndGet();
		if (this.claimFails) {
			throw new IllegalStateException("journal down");
		}
		return this.delegate.claim(max, lease, now);
	}

	@Override
	public void replayed(Collection<JournalEntry> entries) {
		this.delegate.replayed(entries);
	}

	@Override
	public void retryLater(JournalEntry entry, String error, Instant nextAttemptAt) {
		this.delegate.retryLater(entry, error, nextAttemptAt);
	}

	@Override
	public void park(JournalEntry entry, String error) {
		this.delegate.park(entry, error);
	}

	@Override
	public Map<String, JournalStats> stats() {
		this.statsReads.incrementAndGet();
		if (this.statsFails) {
			throw new IllegalStateException("journal down");
		}
		return this.delegate.stats();
	}

	@Override
	public List<JournalEntry> parked(String migration, int page, int size) {
		return this.delegate.parked(migration, page, size);
	}

	@Override
	public int retryParked(String migration, @Nullable Collection<Long> ids, Instant now) {
		return this.delegate.retryParked(migration, ids, now);
	}

	@Override
	public int discardParked(String migration, @Nullable Collection<Long> ids) {
		return this.delegate.discardParked(migration, ids);
	}

	@Override
	public boolean durable() {
		return false;
	}

}
