package io.github.phasedmigration.core.backfill.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillCheckpoint;
import io.github.phasedmigration.core.backfill.BackfillSettings;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.StopSignal;

/**
 * One run of a backfill, on a thread of its own, while this instance holds the lease: chunk after
 * chunk, reads old after the last key, writes what new lacks and saves the checkpoint (which renews
 * the lease), until a short chunk says the end. It stops at once, writing nothing more, when a save
 * says the lease went to another instance.
 *
 * @param <K> the key
 * @param <R> a record
 */
final class BackfillRun<K extends Comparable<? super K>, R> implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(Backfills.LOGGER_NAME);

	private static final int MAX_ERROR_LENGTH = 2000;

	private final Backfill<K, R> backfill;

	private final RunEnvironment env;

	private final BackfillSettings settings;

	private final String how;

	private final Consumer<BackfillRun<?, ?>> onEnd;

	private final StopSignal signal = new StopSignal();

	private final Progress progress;

	private final CountDownLatch ended = new CountDownLatch(1);

	/** The last checkpoint saved. */
	private BackfillCheckpoint checkpoint;

	private @Nullable K lastKey;

	private long rowsThisRun;

	private Instant leaseRenewedAt;

	private Instant loggedAt;

	private boolean leaseLost;

	/** Whether the run failed for good and saved it. */
	private boolean failed;

	/**
	 * A run that goes on from a checkpoint already saved, with the lease, by this instance.
	 * @param how {@code started}, {@code resumed} or {@code taken over}, for the log
	 * @param onEnd called with the run on its thread when it ends, however it ends
	 * @throws IllegalArgumentException when the checkpoint's last key cannot be parsed
	 */
	BackfillRun(Backfill<K, R> backfill, BackfillCheckpoint first, RunEnvironment env, String how,
			Consumer<BackfillRun<?, ?>> onEnd) {
		this.backfill = backfill;
		this.env = env;
		this.settings = env.settings();
		this.how = how;
		this.onEnd = onEnd;
		this.checkpoint = first;
		this.lastKey = parse(first.lastKey());
		this.leaseRenewedAt = first.updatedAt();
		this.loggedAt = first.updatedAt();
		this.progress = new Progress(env.clock(), Backfills.RATE_WINDOW);
		this.progress.start(first.rowsDone(), first.rowsTotal());
	}

	private @Nullable K parse(@Nullable String key) {
		try {
			return (key != null) ? this.backfill.keys().parse(key) : null;
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("The checkpoint of the backfill of '" + this.backfill.migration()
					+ "' ends at key '" + key + "', which its key codec cannot parse (" + ex
					+ "); start it from the beginning", ex);
		}
	}

	String migration() {
		return this.backfill.migration();
	}

	/** Rows, rate and ETA of this run. */
	Progress.Snapshot progress() {
		return this.progress.snapshot();
	}

	/** Asks the run to stop after the chunk in flight; it saves its checkpoint and gives up the lease. */
	void stop(StopSignal.Reason reason) {
		this.signal.stop(reason);
	}

	/** Waits until the run's thread ended. */
	boolean awaitEnd(Duration timeout) throws InterruptedException {
		return this.ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void run() {
		try {
			try {
				begin();
				copy();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.signal.stop(StopSignal.Reason.CLOSE);
				stopped();
			}
		}
		catch (Error ex) {
			// as a crash: nothing saved, the lease stays, and the takeover resumes from the last checkpoint
			// (here at its next look, elsewhere once the lease has run out)
			logger.error("Backfill of '{}' stopped by an unexpected error after key {}; it stays {}, and the takeover "
					+ "resumes it from there", migration(), ProgressLine.key(this.checkpoint.lastKey()),
					this.checkpoint.state(), ex);
			if (ex instanceof VirtualMachineError) {
				throw ex;
			}
		}
		catch (RuntimeException ex) {
			unexpected(ex);
		}
		finally {
			this.onEnd.accept(this);
			this.ended.countDown();
		}
	}

	/**
	 * An error outside a chunk (a key that cannot be written as text, a checkpoint the store refuses):
	 * saved as FAILED, so that the takeover does not start it again and again. When even that save
	 * fails (the checkpoint store is away), the lease stays, as after a crash, and the takeover
	 * resumes from the last checkpoint.
	 */
	private void unexpected(RuntimeException ex) {
		try {
			if (!this.leaseLost && save(with(BackfillState.FAILED, this.env.clock().instant(),
					this.checkpoint.rowsTotal(), message(ex)))) {
				this.env.store().release(migration(), this.env.owner());
				logger.error("Backfill of '{}' failed after key {}: {}; start or resume it to go on from there",
						migration(), ProgressLine.key(this.checkpoint.lastKey()), message(ex), ex);
				this.env.listener().onState(migration(), BackfillState.FAILED);
				return;
			}
		}
		catch (RuntimeException saveFailure) {
			ex.addSuppressed(saveFailure);
		}
		logger.error("Backfill of '{}' stopped by an unexpected error after key {}, and its checkpoint could not be "
				+ "saved; it stays {}, and the takeover resumes it from there", migration(),
				ProgressLine.key(this.checkpoint.lastKey()), this.checkpoint.state(), ex);
	}

	/** Whether a backfill may copy in this mode: from REVERSE_SHADOW on, new is authoritative. */
	static boolean copyable(MigrationMode mode) {
		return mode == MigrationMode.OLD || mode == MigrationMode.SHADOW;
	}

	private void begin() {
		long total = estimateCount();
		// saved at once: it renews the lease, which a slow estimate may have used up
		if (!save(with(BackfillState.RUNNING, this.env.clock().instant(), total, null))) {
			return;
		}
		this.progress.start(this.checkpoint.rowsDone(), total);
		String from = (this.checkpoint.lastKey() != null) ? "after key " + this.checkpoint.lastKey()
				: "from the first record";
		logger.info("Backfill of '{}' {} on instance '{}' {}: {}", migration(), this.how, this.env.owner(), from,
				ProgressLine.rows(this.progress.snapshot()));
	}

	private long estimateCount() {
		try {
			return this.backfill.oldSource().estimateCount();
		}
		catch (RuntimeException ex) {
			logger.warn("Backfill of '{}': old's estimate of its records failed; going on without an ETA",
					migration(), ex);
			return -1;
		}
	}

	private void copy() throws InterruptedException {
		Pacer pacer = new Pacer(this.settings.rowsPerSecond(), this.settings.chunkSize(), this.env.clock(),
				this::waitKeepingLease);
		while (true) {
			if (stopping()) {
				stopped();
				return;
			}
			MigrationMode mode = this.env.mode(migration());
			if (!copyable(mode)) {
				pausedByMode(mode);
				return;
			}
			pacer.awaitTurn(this.rowsThisRun);
			if (stopping()) {
				stopped();
				return;
			}
			List<R> chunk = copyChunk();
			if (chunk == null) {
				if (!this.failed && stopping()) {
					stopped();
				}
				return;
			}
			boolean last = chunk.size() < this.settings.chunkSize();
			if (!saveChunk(chunk, last)) {
				stopped();
				return;
			}
			if (last) {
				completed();
				return;
			}
		}
	}

	private boolean stopping() {
		return this.leaseLost || this.signal.stopRequested();
	}

	/**
	 * Reads the next chunk and writes it, trying again after a failure.
	 * @return the chunk, or {@code null} when it failed for good (and the failure was saved) or the
	 * run was asked to stop while it waited to try again
	 */
	private @Nullable List<R> copyChunk() throws InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				List<R> chunk = this.backfill.oldSource().readAfter(this.lastKey, this.settings.chunkSize());
				checkOrder(chunk);
				if (!chunk.isEmpty()) {
					this.backfill.newSink().insertMissing(chunk);
				}
				return chunk;
			}
			catch (Exception ex) {
				if (attempt >= this.settings.maxChunkAttempts()) {
					failed(ex, attempt);
					return null;
				}
				logger.warn("Backfill of '{}': attempt {} of {} at the chunk after key {} failed ({}); trying again "
						+ "in {}", migration(), attempt, this.settings.maxChunkAttempts(),
						ProgressLine.key(this.checkpoint.lastKey()), ex.toString(), this.settings.retryBackoff());
				waitKeepingLease(this.settings.retryBackoff());
				if (stopping()) {
					return null;
				}
			}
		}
	}

	/** A source that returns a key again would copy forever: it fails the chunk instead. */
	private void checkOrder(List<R> chunk) {
		K previous = this.lastKey;
		for (R record : chunk) {
			K key = this.backfill.oldSource().keyOf(record);
			if (previous != null && key.compareTo(previous) <= 0) {
				throw new IllegalStateException("old's source returned key " + key + " after key " + previous
						+ ": readAfter must return keys greater than its 'after', in ascending order");
			}
			previous = key;
		}
	}

	/** Saves the checkpoint after a chunk; false when the lease was lost. */
	private boolean saveChunk(List<R> chunk, boolean last) {
		Instant now = this.env.clock().instant();
		K chunkLastKey = chunk.isEmpty() ? this.lastKey : this.backfill.oldSource().keyOf(chunk.get(chunk.size() - 1));
		String lastKeyText = (chunkLastKey != null) ? this.backfill.keys().format(chunkLastKey) : null;
		BackfillCheckpoint next = new BackfillCheckpoint(migration(),
				last ? BackfillState.COMPLETED : BackfillState.RUNNING, lastKeyText,
				this.checkpoint.rowsDone() + chunk.size(), this.checkpoint.rowsTotal(), this.checkpoint.startedAt(),
				now, last ? now : null, null);
		if (!save(next)) {
			return false;
		}
		this.lastKey = chunkLastKey;
		this.rowsThisRun += chunk.size();
		this.progress.add(chunk.size());
		if (!chunk.isEmpty()) {
			this.env.listener().onRows(migration(), chunk.size());
		}
		if (!last && !now.isBefore(this.loggedAt.plus(this.settings.logInterval()))) {
			this.loggedAt = now;
			logger.info(ProgressLine.of(migration(), this.progress.snapshot(), lastKeyText));
		}
		return true;
	}

	private boolean save(BackfillCheckpoint next) {
		if (!this.env.store().save(next, this.env.owner(), next.updatedAt().plus(this.settings.lease()))) {
			this.leaseLost = true;
			return false;
		}
		this.checkpoint = next;
		this.leaseRenewedAt = next.updatedAt();
		return true;
	}

	/**
	 * Waits for the pacer or between attempts, in slices short enough to renew the lease on the way:
	 * a slow rate may make a wait longer than the lease.
	 */
	private void waitKeepingLease(Duration duration) throws InterruptedException {
		Duration slice = this.settings.lease().dividedBy(3);
		Duration left = duration;
		while (!left.isZero() && !left.isNegative() && !stopping()) {
			Duration step = (left.compareTo(slice) < 0) ? left : slice;
			this.signal.sleep(step);
			left = left.minus(step);
			renewLeaseIfDue(slice);
		}
	}

	private void renewLeaseIfDue(Duration every) {
		Instant now = this.env.clock().instant();
		if (now.isBefore(this.leaseRenewedAt.plus(every))) {
			return;
		}
		// a save, conditional on holding the lease: never acquire again, which could take back a lease that
		// another instance took over and released (its backfill paused or completed) in the meantime
		save(with(this.checkpoint.state(), now, this.checkpoint.rowsTotal(), this.checkpoint.lastError()));
	}

	/** The migration moved past SHADOW: the run stops as PAUSED, saying why. */
	private void pausedByMode(MigrationMode mode) {
		String why = "paused because migration '" + migration() + "' is in " + mode
				+ ", where new is authoritative; resume in OLD or SHADOW";
		if (save(with(BackfillState.PAUSED, this.env.clock().instant(), this.checkpoint.rowsTotal(), why))) {
			this.env.store().release(migration(), this.env.owner());
			logger.warn("Backfill of '{}' {}; last key {}", migration(), why, ProgressLine.key(this.checkpoint.lastKey()));
			this.env.listener().onState(migration(), BackfillState.PAUSED);
		}
	}

	private void completed() {
		this.env.store().release(migration(), this.env.owner());
		logger.info("Backfill of '{}' completed: {} rows, last key {}", migration(),
				ProgressLine.count(this.checkpoint.rowsDone()), ProgressLine.key(this.checkpoint.lastKey()));
		this.env.listener().onState(migration(), BackfillState.COMPLETED);
	}

	private void failed(Exception ex, int attempts) {
		String error = message(ex);
		Instant now = this.env.clock().instant();
		if (!save(with(BackfillState.FAILED, now, this.checkpoint.rowsTotal(), error))) {
			return; // the lease was lost: the caller stops
		}
		this.failed = true;
		this.env.store().release(migration(), this.env.owner());
		logger.error("Backfill of '{}' failed after {} attempts at the chunk after key {}: {}; start or resume it to "
				+ "go on from there", migration(), attempts, ProgressLine.key(this.checkpoint.lastKey()), error, ex);
		this.env.listener().onState(migration(), BackfillState.FAILED);
	}

	/** Ends a run that was asked to stop, or whose lease was lost. */
	private void stopped() {
		if (!this.leaseLost) {
			boolean pause = this.signal.reason() == StopSignal.Reason.PAUSE;
			BackfillState state = pause ? BackfillState.PAUSED : BackfillState.RUNNING;
			if (save(with(state, this.env.clock().instant(), this.checkpoint.rowsTotal(), null))) {
				this.env.store().release(migration(), this.env.owner());
				logStopped(pause);
				return;
			}
		}
		logger.warn("Backfill of '{}' lost its lease to another instance, which goes on with it; instance '{}' "
				+ "stopped after key {}", migration(), this.env.owner(), ProgressLine.key(this.checkpoint.lastKey()));
	}

	private void logStopped(boolean pause) {
		if (pause) {
			logger.info("Backfill of '{}' paused: {}, last key {}; resume goes on from there", migration(),
					ProgressLine.rows(this.progress.snapshot()), ProgressLine.key(this.checkpoint.lastKey()));
			this.env.listener().onState(migration(), BackfillState.PAUSED);
		}
		else {
			logger.info("Backfill of '{}' stopped on instance '{}' after key {} as the application shuts down; it "
					+ "stays RUNNING, so that another instance or the next start goes on from there", migration(),
					this.env.owner(), ProgressLine.key(this.checkpoint.lastKey()));
		}
	}

	private BackfillCheckpoint with(BackfillState state, Instant updatedAt, long rowsTotal, @Nullable String error) {
		BackfillCheckpoint current = this.checkpoint;
		return new BackfillCheckpoint(current.migration(), state, current.lastKey(), current.rowsDone(), rowsTotal,
				current.startedAt(), updatedAt, current.finishedAt(), error);
	}

	private static String message(Throwable ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName();
		return (message.length() <= MAX_ERROR_LENGTH) ? message : message.substring(0, MAX_ERROR_LENGTH - 3) + "...";
	}

}
