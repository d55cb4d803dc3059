package io.github.phasedmigration.core.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A journal that hands every call to another one: extend it to decorate a journal (count, log,
 * fail on purpose in a test) by overriding only the calls that change.
 *
 * <pre class="code">
 * class CountingJournal extends ForwardingWriteJournal {
 *     CountingJournal(WriteJournal journal) { super(journal); }
 *     &#64;Override public long append(NewJournalEntry entry) { appends.increment(); return super.append(entry); }
 * }
 * </pre>
 */
public abstract class ForwardingWriteJournal implements WriteJournal {

	private final WriteJournal delegate;

	protected ForwardingWriteJournal(WriteJournal delegate) {
		this.delegate = delegate;
	}

	/** The journal calls are handed to. */
	protected WriteJournal delegate() {
		return this.delegate;
	}

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
		return this.delegate.durable();
	}

}
