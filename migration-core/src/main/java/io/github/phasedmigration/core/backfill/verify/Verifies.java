package io.github.phasedmigration.core.backfill.verify;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillConflictException;
import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.VerifyOptions;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

/**
 * The verifies of {@link Backfills}: at most one per migration at a time, each on a thread of its
 * own, and the last report of each migration, kept in memory.
 */
public final class Verifies {

	private final MigrationRegistry registry;

	private final @Nullable WriteJournal journal;

	private final Clock clock;

	private final BackfillListener listener;

	private final ThreadFactory threads;

	private final Runnable onEnd;

	private final ConcurrentMap<String, Verifier<?, ?>> running = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, VerifyReport> lastReports = new ConcurrentHashMap<>();

	/**
	 * @param listener hears the final reports; guarded
	 * @param onEnd called on a verify's thread when it ended
	 */
	public Verifies(MigrationRegistry registry, @Nullable WriteJournal journal, Clock clock, BackfillListener listener,
			ThreadFactory threads, Runnable onEnd) {
		this.registry = registry;
		this.journal = journal;
		this.clock = clock;
		this.listener = listener;
		this.threads = threads;
		this.onEnd = onEnd;
	}

	/**
	 * Starts a verify in the migration's mode now.
	 * @return the report as it starts
	 * @throws IllegalStateException when one of the migration runs, or its repair is refused
	 */
	public synchronized VerifyReport start(Backfill<?, ?> backfill, VerifyOptions options) {
		String migration = backfill.migration();
		if (this.running.containsKey(migration)) {
			throw new BackfillConflictException("A verify of migration '" + migration + "' is already running");
		}
		Verifier<?, ?> verifier = verifier(backfill, options, this.registry.find(migration).orElseThrow());
		VerifyReport started = verifier.started();
		Thread thread = this.threads.newThread(() -> run(migration, verifier));
		if (thread == null) {
			throw new IllegalStateException("The thread factory " + this.threads + " made no thread");
		}
		this.lastReports.put(migration, started);
		this.running.put(migration, verifier);
		thread.start();
		return started;
	}

	/** The last report of the migration: a running verify's, or the final one. */
	public Optional<VerifyReport> last(String migration) {
		return Optional.ofNullable(this.lastReports.get(migration));
	}

	public boolean idle() {
		return this.running.isEmpty();
	}

	/** Asks every verify to stop after its chunk in flight. */
	public void stopAll() {
		this.running.values().forEach(Verifier::stop);
	}

	private void run(String migration, Verifier<?, ?> verifier) {
		VerifyReport report = null;
		try {
			report = verifier.run();
		}
		finally {
			// the final report and the end of the run become visible together, under start()'s lock: a
			// caller that sees COMPLETED can start the next verify at once
			synchronized (this) {
				if (report != null) {
					this.lastReports.put(migration, report);
				}
				this.running.remove(migration, verifier);
			}
			if (report != null) {
				this.listener.onVerify(report);
			}
			this.onEnd.run();
		}
	}

	private <K extends Comparable<? super K>, R> Verifier<K, R> verifier(Backfill<K, R> backfill,
			VerifyOptions options, Migration migration) {
		MigrationMode mode = migration.effectiveMode();
		RecordComparer comparer = new RecordComparer(migration.settings().comparator(),
				this.registry.discrepancySettings().maxRenderedLength());
		PendingKeys<K> pending = new PendingKeys<>(this.journal, backfill.migration(), backfill.keys());
		Repairer<K, R> repairer = options.repair() ? Repairer.of(backfill, mode, options.deleteExtra(), comparer,
				pending, migration::effectiveMode, options.chunkSize()) : null;
		return new Verifier<>(backfill, options, mode, comparer, pending, repairer, this.clock,
				(report) -> this.lastReports.put(backfill.migration(), report));
	}

}
