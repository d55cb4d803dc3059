package io.github.phasedmigration.core.registry;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.ReplayResult;

/** Wraps a listener so that what it throws is logged (at most once a minute) and never felt by the caller. */
final class SafeListener implements MigrationListener {

	private static final Logger LOGGER = LoggerFactory.getLogger(MigrationRegistry.LOGGER_NAME);

	private static final long LOG_EVERY_NANOS = 60_000_000_000L;

	private final MigrationListener delegate;

	private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

	SafeListener(MigrationListener delegate) {
		this.delegate = (delegate instanceof SafeListener safe) ? safe.delegate : delegate;
	}

	@Override
	public void onRegistered(Migration migration) {
		try {
			this.delegate.onRegistered(migration);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onCall(Migration migration, Impl impl, Role role, boolean success, long nanos) {
		try {
			this.delegate.onCall(migration, impl, role, success, nanos);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onComparison(Migration migration, ComparisonResult result) {
		try {
			this.delegate.onComparison(migration, result);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onDiscrepancy(Migration migration, MismatchCategory category) {
		try {
			this.delegate.onDiscrepancy(migration, category);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onFallback(Migration migration) {
		try {
			this.delegate.onFallback(migration);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onFailedWrite(Migration migration, Impl impl) {
		try {
			this.delegate.onFailedWrite(migration, impl);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onJournaled(Migration migration, Impl impl, JournalCause cause) {
		try {
			this.delegate.onJournaled(migration, impl, cause);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onJournalFailure(Migration migration) {
		try {
			this.delegate.onJournalFailure(migration);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onReplay(Migration migration, ReplayResult result) {
		try {
			this.delegate.onReplay(migration, result);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onModeChange(Migration migration, ModeChange change) {
		try {
			this.delegate.onModeChange(migration, change);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	@Override
	public void onRollback(Migration migration, ModeChange change, Readiness readiness) {
		try {
			this.delegate.onRollback(migration, change, readiness);
		}
		catch (Throwable ex) {
			failed(ex);
		}
	}

	private void failed(Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
		long now = System.nanoTime();
		long last = this.lastLogged.get();
		if (now - last >= LOG_EVERY_NANOS && this.lastLogged.compareAndSet(last, now)) {
			LOGGER.warn("Migration listener {} failed; its failures are logged at most once a minute",
					this.delegate.getClass().getName(), ex);
		}
	}

}
