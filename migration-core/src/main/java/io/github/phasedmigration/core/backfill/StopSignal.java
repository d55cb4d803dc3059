package io.github.phasedmigration.core.backfill;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Asks a backfill or verify thread to stop, and cuts its waits short when it does. The thread is
 * never interrupted: some JDBC drivers close their connection when a thread doing I/O is.
 */
public final class StopSignal implements Sleeper {

	/** Why a thread is asked to stop. */
	public enum Reason {

		/** A person paused the backfill. */
		PAUSE,

		/** The application shuts down. */
		CLOSE

	}

	private final CountDownLatch stopped = new CountDownLatch(1);

	private volatile @Nullable Reason reason;

	/** Asks to stop; the first reason given wins. */
	public synchronized void stop(Reason reason) {
		if (this.reason == null) {
			this.reason = reason;
			this.stopped.countDown();
		}
	}

	/** Why the thread was asked to stop, {@code null} when it was not. */
	public @Nullable Reason reason() {
		return this.reason;
	}

	public boolean stopRequested() {
		return this.reason != null;
	}

	@Override
	public void sleep(Duration duration) throws InterruptedException {
		if (!duration.isZero() && !duration.isNegative()) {
			this.stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

}
