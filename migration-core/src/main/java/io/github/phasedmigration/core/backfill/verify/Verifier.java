package io.github.phasedmigration.core.backfill.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.KeyRange;
import io.github.phasedmigration.core.backfill.StopSignal;
import io.github.phasedmigration.core.backfill.VerifyOptions;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.VerifyState;
import io.github.phasedmigration.core.backfill.run.Backfills;

/**
 * One verify of a migration, on a thread of its own: both sides merged by key in chunks, the
 * records of each key compared, and the keys that differ read again after a delay, so that writes
 * in flight at the first read are not counted. Keys pending in the journal are counted apart; with
 * a {@link Repairer}, what still differs is repaired. Publishes its report after every chunk.
 */
final class Verifier<K extends Comparable<? super K>, R> {

	private static final Logger logger = LoggerFactory.getLogger(Backfills.LOGGER_NAME);

	private final Backfill<K, R> backfill;

	private final VerifyOptions options;

	private final RecordComparer comparer;

	private final PendingKeys<K> pending;

	private final @Nullable Repairer<K, R> repairer;

	private final Clock clock;

	private final Consumer<VerifyReport> publish;

	private final StopSignal signal = new StopSignal();

	private final VerifyTally<K> tally;

	/** Windows with suspects held at most, waiting for their recheck. */
	static final int MAX_WAITING = 64;

	/**
	 * @param mode the migration's mode now, recorded in the report
	 * @param repairer repairs what differs; {@code null} to only report it
	 * @param publish takes the report after every chunk, while it runs
	 */
	Verifier(Backfill<K, R> backfill, VerifyOptions options, MigrationMode mode, RecordComparer comparer,
			PendingKeys<K> pending, @Nullable Repairer<K, R> repairer, Clock clock, Consumer<VerifyReport> publish) {
		this.backfill = backfill;
		this.options = options;
		this.comparer = comparer;
		this.pending = pending;
		this.repairer = repairer;
		this.clock = clock;
		this.publish = publish;
		this.tally = new VerifyTally<>(backfill.migration(), mode, clock.instant(), options.sampleSize(),
				backfill.keys());
	}

	/** The report as the verify starts. */
	VerifyReport started() {
		return this.tally.report(VerifyState.RUNNING, null, null);
	}

	/** Asks the verify to stop after the chunk in flight; its report then says FAILED. */
	void stop() {
		this.signal.stop(StopSignal.Reason.CLOSE);
	}

	/** Compares everything, and returns the final report: it never throws. */
	VerifyReport run() {
		String migration = this.backfill.migration();
		logger.info("Verify of '{}' started{}", migration, (this.repairer != null) ? ", with repair" : "");
		VerifyReport report;
		try {
			compareAll();
			report = this.signal.stopRequested()
					? finish(VerifyState.FAILED, "stopped before the end: the application shuts down")
					: finish(VerifyState.COMPLETED, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			report = finish(VerifyState.FAILED, "interrupted");
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			String error = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName();
			logger.error("Verify of '{}' failed: {}", migration, error, ex);
			report = finish(VerifyState.FAILED, error);
		}
		logger.info("Verify of '{}' {}: {} keys compared, {} only in old, {} only in new, {} different, {} pending in "
				+ "the journal, {} repaired, {} deleted", migration, report.state().name().toLowerCase(Locale.ROOT),
				report.rowsCompared(), report.onlyInOld(), report.onlyInNew(), report.differing(),
				report.pendingInJournal(), report.repaired(), report.deleted());
		return report;
	}

	private VerifyReport finish(VerifyState state, @Nullable String error) {
		return this.tally.report(state, this.clock.instant(), error);
	}

	private void compareAll() throws InterruptedException {
		MergedWindows<K, R> windows = new MergedWindows<>(this.backfill, this.options.chunkSize());
		// windows with suspects wait for their recheck while the next ones are read, so that a store
		// that differs everywhere (no backfill yet) costs one recheck delay per MAX_WAITING windows,
		// not one per window; the bound keeps the records held in memory bounded too
		Deque<Suspects<K, R>> waiting = new ArrayDeque<>();
		while (!this.signal.stopRequested()) {
			Window<K, R> window = windows.next();
			if (window == null) {
				break;
			}
			this.tally.compared(window.keys().size());
			List<Difference<K, R>> suspects = this.comparer.differences(window.keys(), window.oldRecords(),
					window.newRecords());
			if (!suspects.isEmpty()) {
				waiting.add(new Suspects<>(window, suspects, this.clock.instant()));
			}
			while (!waiting.isEmpty() && (waiting.size() > MAX_WAITING || due(waiting.peek()))) {
				settle(waiting.poll());
			}
			this.publish.accept(this.tally.report(VerifyState.RUNNING, null, null));
		}
		while (!waiting.isEmpty() && !this.signal.stopRequested()) {
			settle(waiting.poll());
			this.publish.accept(this.tally.report(VerifyState.RUNNING, null, null));
		}
	}

	private boolean due(Suspects<K, R> suspects) {
		return !this.clock.instant().isBefore(suspects.readAt().plus(this.options.recheckDelay()));
	}

	/** Rechecks a window's suspects once their delay has passed, then repairs or counts what still differs. */
	private void settle(Suspects<K, R> suspects) throws InterruptedException {
		Duration left = Duration.between(this.clock.instant(), suspects.readAt().plus(this.options.recheckDelay()));
		if (!left.isNegative() && !left.isZero()) {
			this.signal.sleep(left);
		}
		if (this.signal.stopRequested()) {
			return;
		}
		Window<K, R> window = suspects.window();
		List<Difference<K, R>> differences = notPending(recheck(window, suspects.differences()));
		if (this.repairer != null && !differences.isEmpty()) {
			Repairer.Outcome<K, R> outcome = this.repairer.repair(window, differences);
			this.tally.repaired(outcome.repaired());
			this.tally.deleted(outcome.deleted());
			this.tally.pending(outcome.pending());
			differences = outcome.left();
		}
		this.tally.differences(differences);
	}

	/** A window whose keys differed at its first read, waiting for its recheck. */
	private record Suspects<K extends Comparable<? super K>, R>(Window<K, R> window,
			List<Difference<K, R>> differences, Instant readAt) {
	}

	/** Reads the suspects' range again on both sides and keeps the keys that still differ. */
	private List<Difference<K, R>> recheck(Window<K, R> window, List<Difference<K, R>> suspects) {
		List<K> keys = suspects.stream().map(Difference::key).toList();
		KeyRange<K> range = window.around(keys);
		int pageSize = this.options.chunkSize();
		return this.comparer.differences(keys, range.readFrom(this.backfill.oldSource(), pageSize),
				range.readFrom(this.backfill.newSource(), pageSize));
	}

	private List<Difference<K, R>> notPending(List<Difference<K, R>> differences) {
		List<Difference<K, R>> left = new ArrayList<>(differences.size());
		for (Difference<K, R> difference : differences) {
			if (this.pending.pending(difference.key())) {
				this.tally.pending(1);
			}
			else {
				left.add(difference);
			}
		}
		return left;
	}

}
