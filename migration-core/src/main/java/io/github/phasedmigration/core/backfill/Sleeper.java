package io.github.phasedmigration.core.backfill;

import java.time.Duration;

/** Waits; a test gives one that only moves its clock. */
@FunctionalInterface
public interface Sleeper {

	/**
	 * Waits for about {@code duration}, or less when the work is asked to stop.
	 * @throws InterruptedException when the thread is interrupted
	 */
	void sleep(Duration duration) throws InterruptedException;

}
