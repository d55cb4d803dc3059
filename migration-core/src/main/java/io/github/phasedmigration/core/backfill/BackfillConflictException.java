package io.github.phasedmigration.core.backfill;

/**
 * A backfill or verify is not in a state to do what was asked: it already runs (here or on another
 * instance), it does not run here, it never started, the migration's mode forbids it. Over HTTP, a 409.
 */
public class BackfillConflictException extends IllegalStateException {

	public BackfillConflictException(String message) {
		super(message);
	}

}
