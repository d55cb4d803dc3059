package io.github.phasedmigration.core.reconciliation;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.journal.JournalStatsCache;

/**
 * Runs the {@link Reconciler} on a thread of its own: polls every {@code pollInterval} and, while
 * batches go through, goes on at once (so that the queued writes of one key follow each other
 * without a pause per entry). Refreshes the journal's counts after each poll.
 */
public final class ReconcilerLoop implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Reconciler.LOGGER_NAME);

	private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final Reconciler reconciler;

	private final JournalStatsCache stats;

	private final Duration pollInterval;

	private final Duration shutdownTimeout;

	private @Nullable ScheduledExecutorService scheduler;

	private volatile boolean running;

	private long lastFailureLogged = System.nanoTime() - LOG_EVERY_NANOS;

	public ReconcilerLoop(Reconciler reconciler, JournalStatsCache stats, Duration pollInterval,
			Duration shutdownTimeout) {
		this.reconciler = reconciler;
		this.stats = stats;
		this.pollInterval = pollInterval;
		this.shutdownTimeout = shutdownTimeout;
	}

	/** Starts polling; a loop that was closed starts again. */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "migration-reconciler");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = scheduler;
		scheduler.scheduleWithFixedDelay(this::poll, 0, this.pollInterval.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Whether it polls. */
	public boolean isRunning() {
		return this.running;
	}

	void poll() {
		try {
			Reconciler.Batch batch;
			do {
				batch = this.reconciler.runOnce();
			}
			while (this.running && batch.claimed() > 0 && batch.replayed() > 0);
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			// the journal's database may be away: leases keep the entries safe, the next poll tries again
			long now = System.nanoTime();
			if (now - this.lastFailureLogged >= LOG_EVERY_NANOS) {
				this.lastFailureLogged = now;
				logger.warn("Reconciliation poll failed; retrying every {} (logged at most once a minute)",
						this.pollInterval, ex);
			}
		}
		finally {
			this.stats.refresh();
		}
	}

	/** Stops polling, waiting up to the shutdown timeout for the batch in flight. */
	@Override
	public synchronized void close() {
		this.running = false;
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler == null) {
			return;
		}
		this.scheduler = null;
		scheduler.shutdown();
		try {
			if (!scheduler.awaitTermination(this.shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				scheduler.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			scheduler.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

}
