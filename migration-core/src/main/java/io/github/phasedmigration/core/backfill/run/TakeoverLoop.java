package io.github.phasedmigration.core.backfill.run;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks every {@code pollInterval} for backfills left RUNNING by an instance that died or shut
 * down, and takes them over (the look itself is {@link Backfills}'). A failed look, say while the
 * checkpoint store is away, is logged at most once a minute and tried again at the next poll.
 */
final class TakeoverLoop implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Backfills.LOGGER_NAME);

	private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final long SHUTDOWN_SECONDS = 10;

	private final Runnable takeOver;

	private final Duration pollInterval;

	private final ThreadFactory threads;

	private @Nullable ScheduledExecutorService scheduler;

	private long lastFailureLogged = System.nanoTime() - LOG_EVERY_NANOS;

	TakeoverLoop(Runnable takeOver, Duration pollInterval, ThreadFactory threads) {
		this.takeOver = takeOver;
		this.pollInterval = pollInterval;
		this.threads = threads;
	}

	/** Starts looking, at once and then every poll interval; does nothing when it already looks. */
	synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(this.threads);
		this.scheduler = scheduler;
		scheduler.scheduleWithFixedDelay(this::poll, 0, this.pollInterval.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void poll() {
		try {
			this.takeOver.run();
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			long now = System.nanoTime();
			if (now - this.lastFailureLogged >= LOG_EVERY_NANOS) {
				this.lastFailureLogged = now;
				logger.warn("Looking for backfills to take over failed; trying again every {} (logged at most once a "
						+ "minute)", this.pollInterval, ex);
			}
		}
	}

	/** Stops looking, waiting for a look in flight. */
	@Override
	public synchronized void close() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler == null) {
			return;
		}
		this.scheduler = null;
		scheduler.shutdown();
		try {
			if (!scheduler.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
				scheduler.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			scheduler.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

}
