package io.github.phasedmigration.core.backfill;

/** Where a backfill stands; kept in its checkpoint, so it survives a restart. */
public enum BackfillState {

	/** Never ran: there is no checkpoint. Only in status answers, never saved. */
	NOT_STARTED,

	/** Copying, on the instance that holds the lease (or resumed by another when that one died). */
	RUNNING,

	/** Stopped by a person; resumes from its checkpoint when asked to. */
	PAUSED,

	/** Every record up to the end was copied. */
	COMPLETED,

	/** Stopped by an error it could not get past; resumes from its checkpoint when started again. */
	FAILED

}
