package io.github.phasedmigration.core.registry;

import java.util.List;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.ReplayResult;

/** Hands each event to every listener, in order; one that throws does not keep the others from it. */
public final class CompositeMigrationListener implements MigrationListener {

	private final MigrationListener[] listeners;

	public CompositeMigrationListener(List<? extends MigrationListener> listeners) {
		this.listeners = listeners.stream().map(SafeListener::new).toArray(MigrationListener[]::new);
	}

	@Override
	public void onRegistered(Migration migration) {
		for (MigrationListener listener : this.listeners) {
			listener.onRegistered(migration);
		}
	}

	@Override
	public void onCall(Migration migration, Impl impl, Role role, boolean success, long nanos) {
		for (MigrationListener listener : this.listeners) {
			listener.onCall(migration, impl, role, success, nanos);
		}
	}

	@Override
	public void onComparison(Migration migration, ComparisonResult result) {
		for (MigrationListener listener : this.listeners) {
			listener.onComparison(migration, result);
		}
	}

	@Override
	public void onDiscrepancy(Migration migration, MismatchCategory category) {
		for (MigrationListener listener : this.listeners) {
			listener.onDiscrepancy(migration, category);
		}
	}

	@Override
	public void onFallback(Migration migration) {
		for (MigrationListener listener : this.listeners) {
			listener.onFallback(migration);
		}
	}

	@Override
	public void onFailedWrite(Migration migration, Impl impl) {
		for (MigrationListener listener : this.listeners) {
			listener.onFailedWrite(migration, impl);
		}
	}

	@Override
	public void onJournaled(Migration migration, Impl impl, JournalCause cause) {
		for (MigrationListener listener : this.listeners) {
			listener.onJournaled(migration, impl, cause);
		}
	}

	@Override
	public void onJournalFailure(Migration migration) {
		for (MigrationListener listener : this.listeners) {
			listener.onJournalFailure(migration);
		}
	}

	@Override
	public void onReplay(Migration migration, ReplayResult result) {
		for (MigrationListener listener : this.listeners) {
			listener.onReplay(migration, result);
		}
	}

	@Override
	public void onModeChange(Migration migration, ModeChange change) {
		for (MigrationListener listener : this.listeners) {
			listener.onModeChange(migration, change);
		}
	}

	@Override
	public void onRollback(Migration migration, ModeChange change, Readiness readiness) {
		for (MigrationListener listener : this.listeners) {
			listener.onRollback(migration, change, readiness);
		}
	}

}
