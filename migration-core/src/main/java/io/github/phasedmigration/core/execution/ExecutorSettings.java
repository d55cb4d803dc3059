package io.github.phasedmigration.core.execution;

import java.time.Duration;

/**
 * Size of the pool that runs secondary reads.
 *
 * @param threads how many secondaries run at once, across all migrations
 * @param queueCapacity how many may wait; beyond that a secondary is rejected (counted, never thrown)
 * @param threadNamePrefix prefix of the pool's thread names
 * @param shutdownTimeout how long closing waits for running secondaries
 */
public record ExecutorSettings(int threads, int queueCapacity, String threadNamePrefix, Duration shutdownTimeout) {

	/** 4 threads, 200 queued. */
	public static final ExecutorSettings DEFAULTS = new ExecutorSettings(4, 200, "migration-secondary-",
			Duration.ofSeconds(5));

	public ExecutorSettings {
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be >= 1, was " + threads);
		}
		if (queueCapacity < 0) {
			throw new IllegalArgumentException("queueCapacity must be >= 0, was " + queueCapacity);
		}
	}

}
