package io.github.phasedmigration.autoconfigure.replay;

import org.springframework.context.SmartLifecycle;

import io.github.phasedmigration.core.reconciliation.ReconcilerLoop;

/**
 * Starts the reconciler once the application is up (every bean it replays on exists) and stops it
 * early in shutdown, waiting for the batch in flight, before the beans it replays on go away.
 */
public class ReconcilerLifecycle implements SmartLifecycle {

	private final ReconcilerLoop loop;

	public ReconcilerLifecycle(ReconcilerLoop loop) {
		this.loop = loop;
	}

	@Override
	public void start() {
		this.loop.start();
	}

	@Override
	public void stop() {
		this.loop.close();
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	@Override
	public int getPhase() {
		// started before the web server takes requests; stopped after it stopped taking them, before beans go away
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	/** The loop it runs. */
	public ReconcilerLoop loop() {
		return this.loop;
	}

}
