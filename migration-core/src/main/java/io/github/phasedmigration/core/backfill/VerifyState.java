package io.github.phasedmigration.core.backfill;

/** Where a verify stands. */
public enum VerifyState {

	/** Comparing; the report's counts grow chunk by chunk. */
	RUNNING,

	/** Every key of both sides was compared. */
	COMPLETED,

	/** Stopped by an error, or by the application shutting down; the report says how far it got. */
	FAILED

}
