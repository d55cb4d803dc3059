package io.github.phasedmigration.core.discrepancy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets at most {@code limit} log lines through per window and counts the rest, so that a flood
 * of discrepancies cannot flood the log. The next line let through says how many were dropped.
 */
public final class RateLimitedLog {

	private final int limit;

	private final long windowNanos;

	private final LongSupplier clock;

	private final AtomicLong windowStart;

	private final AtomicLong usedInWindow = new AtomicLong();

	private final AtomicLong suppressed = new AtomicLong();

	public RateLimitedLog(int limit, Duration window, LongSupplier nanoClock) {
		this.limit = limit;
		this.windowNanos = window.toNanos();
		this.clock = nanoClock;
		this.windowStart = new AtomicLong(nanoClock.getAsLong());
	}

	/**
	 * Asks for a permit.
	 * @return -1 when the line must be dropped; otherwise how many lines were dropped since the
	 * last one let through
	 */
	public long tryAcquire() {
		long now = this.clock.getAsLong();
		long start = this.windowStart.get();
		if (now - start >= this.windowNanos && this.windowStart.compareAndSet(start, now)) {
			this.usedInWindow.set(0);
		}
		if (this.usedInWindow.incrementAndGet() > this.limit) {
			this.suppressed.incrementAndGet();
			return -1;
		}
		return this.suppressed.getAndSet(0);
	}

}
