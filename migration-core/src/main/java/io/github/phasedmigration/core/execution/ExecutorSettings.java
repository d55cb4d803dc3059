package io.github.phasedmigration.core.execution;

import java.time.Duration;

import io.github.phasedmigration.core.InvalidSettingException;

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
		InvalidSettingException.require(threads >= 1, "threads", threads, "at least 1");
		InvalidSettingException.require(queueCapacity >= 0, "queue-capacity", queueCapacity, "0 or more");
	}

}
