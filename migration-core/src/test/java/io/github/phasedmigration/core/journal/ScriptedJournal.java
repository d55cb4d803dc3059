package io.github.phasedmigration.core.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory journal that counts claims and reads of its counts, and whose {@link #claim} and
 * {@link #stats} throw while a test says the store is away.
 */
final class ScriptedJournal extends ForwardingWriteJournal {

	final InMemoryWriteJournal delegate;

	final AtomicInteger claims = new AtomicInteger();

	final AtomicInteger statsReads = new AtomicInteger();

	volatile boolean claimFails;

	volatile boolean statsFails;

	ScriptedJournal() {
		this(new InMemoryWriteJournal());
	}

	private ScriptedJournal(InMemoryWriteJournal delegate) {
		super(delegate);
		this.delegate = delegate;
	}

	@Override
	public List<JournalEntry> claim(int max, Duration lease, Instant now) {
		this.claims.incrementAndGet();
		if (this.claimFails) {
			throw new IllegalStateException("journal down");
		}
		return super.claim(max, lease, now);
	}

	@Override
	public Map<String, JournalStats> stats() {
		this.statsReads.incrementAndGet();
		if (this.statsFails) {
			throw new IllegalStateException("journal down");
		}
		return super.stats();
	}

}
