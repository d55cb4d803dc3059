package io.github.phasedmigration.core.backfill.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.VerifyReport;

/** Wraps a listener so that what it throws is logged and never stops a backfill or verify. */
final class GuardedListener implements BackfillListener {

	private static final Logger logger = LoggerFactory.getLogger(Backfills.LOGGER_NAME);

	private final BackfillListener delegate;

	GuardedListener(BackfillListener delegate) {
		this.delegate = delegate;
	}

	@Override
	public void onRows(String migration, long rows) {
		try {
			this.delegate.onRows(migration, rows);
		}
		catch (RuntimeException ex) {
			failed(migration, "onRows", ex);
		}
	}

	@Override
	public void onState(String migration, BackfillState state) {
		try {
			this.delegate.onState(migration, state);
		}
		catch (RuntimeException ex) {
			failed(migration, "onState", ex);
		}
	}

	@Override
	public void onVerify(VerifyReport report) {
		try {
			this.delegate.onVerify(report);
		}
		catch (RuntimeException ex) {
			failed(report.migration(), "onVerify", ex);
		}
	}

	private void failed(String migration, String method, RuntimeException ex) {
		logger.warn("Backfill listener {} failed in {} for migration '{}'", this.delegate, method, migration, ex);
	}

}
