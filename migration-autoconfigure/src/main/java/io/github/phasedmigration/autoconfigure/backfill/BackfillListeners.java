package io.github.phasedmigration.autoconfigure.backfill;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;

import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.run.Backfills;

/**
 * The application's {@link BackfillListener} beans as one: each event goes to every one of them,
 * in order, and one that throws is logged without keeping the others (the metrics among them)
 * from the event. The beans are looked up at each event, as they may be created after the
 * backfills start.
 */
final class BackfillListeners implements BackfillListener {

	private static final Log logger = LogFactory.getLog(Backfills.LOGGER_NAME);

	private final ObjectProvider<BackfillListener> listeners;

	BackfillListeners(ObjectProvider<BackfillListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public void onRows(String migration, long rows) {
		each(migration, "onRows", (listener) -> listener.onRows(migration, rows));
	}

	@Override
	public void onState(String migration, BackfillState state) {
		each(migration, "onState", (listener) -> listener.onState(migration, state));
	}

	@Override
	public void onVerify(VerifyReport report) {
		each(report.migration(), "onVerify", (listener) -> listener.onVerify(report));
	}

	private void each(String migration, String method, Consumer<BackfillListener> event) {
		this.listeners.orderedStream().forEach((listener) -> {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Backfill listener " + listener + " failed in " + method + " for migration '" + migration
						+ "'", ex);
			}
		});
	}

}
