package io.github.phasedmigration.core.backfill.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.phasedmigration.core.backfill.Sleeper;

/**
 * Keeps a run at or under its rate: before each chunk it waits until the records copied so far in
 * this run, divided by the time since the run started, are at most the rate. A chunk that took
 * long leaves credit that the next ones use up without waiting.
 */
final class Pacer {

	private static final double NANOS_PER_SECOND = 1e9;

	private final double rowsPerSecond;

	private final double longestWaitNanos;

	private final Clock clock;

	private final Sleeper sleeper;

	private Instant start;

	/**
	 * Starts pacing now.
	 * @param rowsPerSecond the rate; 0 for no limit
	 * @param chunkSize records per chunk: no wait is longer than a full chunk takes at the rate
	 * (which only matters when the clock goes back)
	 */
	Pacer(double rowsPerSecond, int chunkSize, Clock clock, Sleeper sleeper) {
		this.rowsPerSecond = rowsPerSecond;
		this.longestWaitNanos = (rowsPerSecond > 0) ? chunkSize * NANOS_PER_SECOND / rowsPerSecond : 0;
		this.clock = clock;
		this.sleeper = sleeper;
		this.start = clock.instant();
	}

	/** Waits before the next chunk, if the rows copied so far in this run are ahead of the rate. */
	void awaitTurn(long rowsThisRun) throws InterruptedException {
		Duration wait = waitBefore(rowsThisRun);
		if (!wait.isZero()) {
			this.sleeper.sleep(wait);
		}
	}

	/** How long to wait before the next chunk, now. */
	Duration waitBefore(long rowsThisRun) {
		if (this.rowsPerSecond == 0 || rowsThisRun <= 0) {
			return Duration.ZERO;
		}
		double dueNanos = rowsThisRun * NANOS_PER_SECOND / this.rowsPerSecond;
		Instant now = this.clock.instant();
		double elapsedNanos = Duration.between(this.start, now).toNanos();
		if (elapsedNanos - dueNanos > this.longestWaitNanos) {
			// behind by more than a chunk (a stall, retries): the time lost is not made up in a burst
			// that would hit old just as it recovers; at most one chunk of credit is kept
			this.start = now.minusNanos((long) (dueNanos + this.longestWaitNanos));
			elapsedNanos = dueNanos + this.longestWaitNanos;
		}
		double waitNanos = Math.min(dueNanos - elapsedNanos, this.longestWaitNanos);
		return (waitNanos > 0) ? Duration.ofNanos((long) Math.ceil(waitNanos)) : Duration.ZERO;
	}

}
