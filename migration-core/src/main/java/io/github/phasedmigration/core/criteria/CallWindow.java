package io.github.phasedmigration.core.criteria;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;

/**
 * The sliding window of one migration: the calls, errors, comparisons and latencies of the bucket
 * running now (cheap to record from many threads), and the buckets closed before it, at most as
 * many as the window spans. The success criteria judge the closed buckets only. Latencies go to
 * HdrHistogram recorders (two significant digits, in microseconds); a closed bucket keeps them
 * packed.
 */
public final class CallWindow {

	private static final int DIGITS = 2;

	private final LongAdder[] calls = { new LongAdder(), new LongAdder() };

	private final LongAdder[] errors = { new LongAdder(), new LongAdder() };

	private final LongAdder matches = new LongAdder();

	private final LongAdder mismatches = new LongAdder();

	private final Recorder[] latencies = { new Recorder(DIGITS), new Recorder(DIGITS) };

	private final Deque<Bucket> closed = new ArrayDeque<>();

	private Instant currentStart;

	private int failingWindows;

	private long generation;

	/**
	 * A window whose first bucket starts now.
	 * @param now the start of the first bucket
	 */
	public CallWindow(Instant now) {
		this.currentStart = now;
	}

	/** One finished run of an implementation. */
	public void call(Impl impl, boolean success, long nanos) {
		int index = impl.ordinal();
		this.calls[index].increment();
		if (!success) {
			this.errors[index].increment();
		}
		this.latencies[index].recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
	}

	/** One comparison; only matches and mismatches count, timeouts and rejections are neither. */
	public void comparison(ComparisonResult result) {
		if (result == ComparisonResult.MATCH) {
			this.matches.increment();
		}
		else if (result == ComparisonResult.MISMATCH) {
			this.mismatches.increment();
		}
	}

	/**
	 * Closes the running bucket when it is over, and empty buckets for any whole bucket lengths that
	 * passed without a rotation.
	 * @param now the time now
	 * @param bucket the length of a bucket
	 * @param buckets how many closed buckets to keep
	 * @return whether a bucket closed
	 */
	public synchronized boolean rotate(Instant now, Duration bucket, int buckets) {
		Instant end = this.currentStart.plus(bucket);
		if (now.isBefore(end)) {
			return false;
		}
		keep(drain(this.currentStart, end), buckets);
		this.currentStart = end;
		long idle = Duration.between(this.currentStart, now).toNanos() / bucket.toNanos();
		if (idle > buckets) {
			// idle longer than the window: only the last empty buckets matter, skip the others at once
			this.closed.clear();
			this.currentStart = this.currentStart.plus(bucket.multipliedBy(idle - buckets));
		}
		while (!now.isBefore(this.currentStart.plus(bucket))) {
			Instant emptyEnd = this.currentStart.plus(bucket);
			keep(new Bucket(this.currentStart, emptyEnd, new long[2], new long[2], 0, 0, null, null), buckets);
			this.currentStart = emptyEnd;
		}
		return true;
	}

	/**
	 * Forgets everything counted so far, after the mode changed: a new mode needs its own evidence.
	 * @param now the start of the next bucket
	 */
	public synchronized void reset(Instant now) {
		drain(this.currentStart, now);
		this.closed.clear();
		this.currentStart = now;
		this.failingWindows = 0;
		this.generation++;
	}

	/**
	 * What the closed buckets counted.
	 * @param percentile the latency percentile, above 0 and below 1
	 */
	public synchronized WindowStats stats(double percentile) {
		if (this.closed.isEmpty()) {
			return WindowStats.EMPTY;
		}
		long[] calls = new long[2];
		long[] errors = new long[2];
		long matches = 0;
		long mismatches = 0;
		Histogram[] latencies = { new Histogram(DIGITS), new Histogram(DIGITS) };
		for (Bucket bucket : this.closed) {
			for (int i = 0; i < 2; i++) {
				calls[i] += bucket.calls[i];
				errors[i] += bucket.errors[i];
				PackedHistogram latency = (i == 0) ? bucket.oldLatency : bucket.newLatency;
				if (latency != null) {
					latencies[i].add(latency);
				}
			}
			matches += bucket.matches;
			mismatches += bucket.mismatches;
		}
		double at = percentile * 100;
		return new WindowStats(this.closed.size(), this.closed.getFirst().start, this.closed.getLast().end, calls[0],
				calls[1], errors[0], errors[1], matches, mismatches, latencies[0].getValueAtPercentile(at),
				latencies[1].getValueAtPercentile(at));
	}

	/**
	 * Counts one more judged window for the automatic rollback.
	 * @param verdict the window's verdict
	 * @return how many windows in a row failed, this one included
	 */
	synchronized int judged(Verdict verdict) {
		this.failingWindows = (verdict == Verdict.FAIL) ? this.failingWindows + 1 : 0;
		return this.failingWindows;
	}

	/**
	 * Counts one more judged window, unless the window was reset since it was judged: a verdict on
	 * the old mode's window must not start the new mode's row.
	 * @param verdict the window's verdict
	 * @param judgedGeneration the {@link #generation()} the verdict was taken on
	 * @return how many windows in a row failed, this one included; 0 when it was reset meanwhile
	 */
	public synchronized int judged(Verdict verdict, long judgedGeneration) {
		return (judgedGeneration == this.generation) ? judged(verdict) : 0;
	}

	/** How many times the window was reset: a verdict belongs to one generation. */
	public synchronized long generation() {
		return this.generation;
	}

	/** How many judged windows in a row failed. */
	public synchronized int failingWindows() {
		return this.failingWindows;
	}

	private Bucket drain(Instant start, Instant end) {
		long[] calls = { this.calls[0].sumThenReset(), this.calls[1].sumThenReset() };
		long[] errors = { this.errors[0].sumThenReset(), this.errors[1].sumThenReset() };
		return new Bucket(start, end, calls, errors, this.matches.sumThenReset(), this.mismatches.sumThenReset(),
				packed(this.latencies[0].getIntervalHistogram()), packed(this.latencies[1].getIntervalHistogram()));
	}

	private void keep(Bucket bucket, int buckets) {
		this.closed.addLast(bucket);
		while (this.closed.size() > buckets) {
			this.closed.removeFirst();
		}
	}

	private static @Nullable PackedHistogram packed(Histogram interval) {
		if (interval.getTotalCount() == 0) {
			return null;
		}
		PackedHistogram packed = new PackedHistogram(DIGITS);
		packed.add(interval);
		return packed;
	}

	private record Bucket(Instant start, Instant end, long[] calls, long[] errors, long matches, long mismatches,
			@Nullable PackedHistogram oldLatency,
			@Nullable PackedHistogram newLatency) {
	}

}
