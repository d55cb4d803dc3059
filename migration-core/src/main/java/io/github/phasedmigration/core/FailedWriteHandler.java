package io.github.phasedmigration.core;

/**
 * Takes the secondary writes that failed, so that they can be reconciled. The default logs each
 * one at WARN with its arguments; a durable journal replaces it. Called on the caller's thread
 * right after the failure; what it throws is logged, never felt by the caller.
 */
@FunctionalInterface
public interface FailedWriteHandler {

	/** Handles one failed secondary write. */
	void handle(FailedWrite failedWrite);

	/** How many failed writes wait for reconciliation; 0 for handlers that keep none. */
	default long pending() {
		return 0;
	}

}
