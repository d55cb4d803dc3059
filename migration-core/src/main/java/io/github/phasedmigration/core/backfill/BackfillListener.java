package io.github.phasedmigration.core.backfill;

/**
 * Hears what backfills and verifies do, for metrics. Called on their threads; a listener that
 * throws is logged and ignored.
 */
public interface BackfillListener {

	/** Does nothing. */
	BackfillListener NONE = new BackfillListener() {
	};

	/**
	 * A chunk was copied.
	 * @param migration the migration
	 * @param rows records in the chunk
	 */
	default void onRows(String migration, long rows) {
	}

	/**
	 * A backfill changed its state: {@link BackfillState#RUNNING} when it starts, resumes or is taken
	 * over on this instance, then {@code PAUSED}, {@code COMPLETED} or {@code FAILED}.
	 */
	default void onState(String migration, BackfillState state) {
	}

	/** A verify ended: its final report, completed or failed. */
	default void onVerify(VerifyReport report) {
	}

}
