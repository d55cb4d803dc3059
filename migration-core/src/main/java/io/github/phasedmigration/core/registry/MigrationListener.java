package io.github.phasedmigration.core.registry;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.ReplayResult;

/**
 * Receives what happens in migrations, for metrics or tracing. Called on hot paths: keep it
 * cheap. A listener that throws is logged and ignored, never felt by the caller.
 */
public interface MigrationListener {

	/** A migration was registered (at start-up, or on its first call). */
	default void onRegistered(Migration migration) {
	}

	/** One implementation finished (or failed) in one role. */
	default void onCall(Migration migration, Impl impl, Role role, boolean success, long nanos) {
	}

	/** A secondary run was compared, timed out or rejected. */
	default void onComparison(Migration migration, ComparisonResult result) {
	}

	/** The two sides differed. */
	default void onDiscrepancy(Migration migration, MismatchCategory category) {
	}

	/** REVERSE_SHADOW served old's result because new threw. */
	default void onFallback(Migration migration) {
	}

	/** A secondary write failed; it goes to the journal next. */
	default void onFailedWrite(Migration migration, Impl impl) {
	}

	/** A second write was appended to the journal, because it failed or queued behind its key. */
	default void onJournaled(Migration migration, Impl impl, JournalCause cause) {
	}

	/** The journal could not take a second write (invariant I6): it is not reconciled. */
	default void onJournalFailure(Migration migration) {
	}

	/** The reconciler replayed a journal entry. */
	default void onReplay(Migration migration, ReplayResult result) {
	}

	/** The mode changed. */
	default void onModeChange(Migration migration, ModeChange change) {
	}

	/**
	 * The migration stepped back one mode by itself, after failing windows in a row; called after
	 * {@link #onModeChange} of the same change.
	 * @param migration the migration
	 * @param change the recorded change, with the measured values
	 * @param readiness the last window's judgement
	 */
	default void onRollback(Migration migration, ModeChange change, Readiness readiness) {
	}

}
