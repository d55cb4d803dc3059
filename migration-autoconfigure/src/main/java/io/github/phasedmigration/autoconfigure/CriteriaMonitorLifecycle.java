package io.github.phasedmigration.autoconfigure;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

import io.github.phasedmigration.core.switching.CriteriaMonitor;

/**
 * Runs the {@link CriteriaMonitor} while the application runs: it closes the buckets of every
 * migration's window, judges them, and rolls back where due.
 */
public class CriteriaMonitorLifecycle implements SmartLifecycle {

	/** How often the monitor ticks: a bucket closes at most this late. */
	public static final Duration TICK = Duration.ofMillis(250);

	private final CriteriaMonitor monitor;

	public CriteriaMonitorLifecycle(CriteriaMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void start() {
		this.monitor.start(TICK);
	}

	@Override
	public void stop() {
		this.monitor.close();
	}

	@Override
	public boolean isRunning() {
		return this.monitor.isRunning();
	}

}
