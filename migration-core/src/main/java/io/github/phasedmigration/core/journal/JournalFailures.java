package io.github.phasedmigration.core.journal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Appends to the journal that failed (invariant I6): how many, the last one's time and error. The
 * health indicator reports them.
 */
public final class JournalFailures {

	private final AtomicLong count = new AtomicLong();

	private volatile @Nullable Instant lastTime;

	private volatile @Nullable String lastError;

	/** Records one failed append. */
	public void record(Instant time, String migration, Throwable error) {
		this.count.incrementAndGet();
		this.lastTime = time;
		this.lastError = migration + ": " + error;
	}

	/** Failed appends since start-up. */
	public long count() {
		return this.count.get();
	}

	/** When the last append failed, {@code null} when none did. */
	public @Nullable Instant lastTime() {
		return this.lastTime;
	}

	/** The last failed append's migration and error, {@code null} when none failed. */
	public @Nullable String lastError() {
		return this.lastError;
	}

}
