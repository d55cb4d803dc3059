package io.github.phasedmigration.core.backfill.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import org.jspecify.annotations.Nullable;

/**
 * A run's rows, rate and ETA. The rate is measured over about the last {@code window} (since the
 * run started when it is younger), so that it follows a change of pace and drops to 0 when the
 * run stalls. Safe for the run's thread and status readers.
 */
final class Progress {

	private final Clock clock;

	private final Duration window;

	/** The rows of this run at moments, oldest first: the first is at or before the window's start. */
	private final Deque<Sample> samples = new ArrayDeque<>();

	private long rowsDone;

	private long rowsTotal;

	private long rowsThisRun;

	Progress(Clock clock, Duration window) {
		this.clock = clock;
		this.window = window;
	}

	/**
	 * Starts measuring a run.
	 * @param rowsDone records copied by earlier runs
	 * @param rowsTotal the estimate of all records; negative when unknown
	 */
	synchronized void start(long rowsDone, long rowsTotal) {
		this.rowsDone = rowsDone;
		this.rowsTotal = rowsTotal;
		this.rowsThisRun = 0;
		this.samples.clear();
		this.samples.add(new Sample(this.clock.instant(), 0));
	}

	/** Counts the records of a chunk. */
	synchronized void add(long rows) {
		this.rowsDone += rows;
		this.rowsThisRun += rows;
		Instant now = this.clock.instant();
		this.samples.add(new Sample(now, this.rowsThisRun));
		prune(now);
	}

	/** Rows, rate and ETA, taken together. */
	synchronized Snapshot snapshot() {
		double rate = rowsPerSecond();
		Duration eta = null;
		if (this.rowsTotal >= 0 && rate > 0) {
			double seconds = Math.max(0, this.rowsTotal - this.rowsDone) / rate;
			eta = Duration.ofNanos((long) (seconds * 1e9));
		}
		return new Snapshot(this.rowsDone, this.rowsTotal, rate, eta);
	}

	private double rowsPerSecond() {
		if (this.samples.isEmpty()) {
			return 0;
		}
		Instant now = this.clock.instant();
		prune(now);
		Sample anchor = this.samples.getFirst();
		long nanos = Duration.between(anchor.time(), now).toNanos();
		return (nanos > 0) ? (this.rowsThisRun - anchor.rows()) * 1e9 / nanos : 0;
	}

	/** Drops samples older than the window, keeping the last one at or before its start. */
	private void prune(Instant now) {
		Instant windowStart = now.minus(this.window);
		while (this.samples.size() >= 2) {
			Iterator<Sample> oldest = this.samples.iterator();
			oldest.next();
			if (oldest.next().time().isAfter(windowStart)) {
				return;
			}
			this.samples.removeFirst();
		}
	}

	/**
	 * Progress at one moment.
	 *
	 * @param rowsDone records copied, by all runs
	 * @param rowsTotal the estimate of all records; negative when unknown
	 * @param rowsPerSecond the recent rate; 0 before the first chunk
	 * @param eta how long the rest should take; {@code null} when the total or the rate is unknown
	 */
	record Snapshot(long rowsDone, long rowsTotal, double rowsPerSecond, @Nullable Duration eta) {
	}

	private record Sample(Instant time, long rows) {
	}

}
