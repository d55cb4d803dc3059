package io.github.phasedmigration.core.backfill.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillConflictException;
import io.github.phasedmigration.core.backfill.BackfillSink;
import io.github.phasedmigration.core.backfill.KeyRange;
import io.github.phasedmigration.core.backfill.run.Backfills;

/**
 * Repairs the differences of a verify chunk: writes the authoritative side's record of each key to
 * the other side (old is authoritative in OLD and SHADOW, new in REVERSE_SHADOW), and deletes
 * records only the other side holds when allowed. Then it reads those keys again: a write that ran
 * meanwhile may have put an older version back, and such a key is repaired again, at most
 * {@value #MAX_ROUNDS} times.
 */
public final class Repairer<K extends Comparable<? super K>, R> {

	/** Repairs of one chunk, the first included. */
	public static final int MAX_ROUNDS = 3;

	private static final Logger logger = LoggerFactory.getLogger(Backfills.LOGGER_NAME);

	private final Backfill<K, R> backfill;

	private final MigrationMode mode;

	private final Impl authoritative;

	private final BackfillSink<K, R> sink;

	private final boolean deleteExtra;

	private final RecordComparer comparer;

	private final PendingKeys<K> pending;

	private final Supplier<MigrationMode> currentMode;

	private final int pageSize;

	private Repairer(Backfill<K, R> backfill, MigrationMode mode, BackfillSink<K, R> sink, boolean deleteExtra,
			RecordComparer comparer, PendingKeys<K> pending, Supplier<MigrationMode> currentMode, int pageSize) {
		this.backfill = backfill;
		this.mode = mode;
		this.authoritative = mode.primary();
		this.sink = sink;
		this.deleteExtra = deleteExtra;
		this.comparer = comparer;
		this.pending = pending;
		this.currentMode = currentMode;
		this.pageSize = pageSize;
	}

	/**
	 * The repairer of a migration in a mode.
	 * @param currentMode the migration's mode now: repair stops when the authoritative side changes
	 * @throws IllegalStateException in NEW, and in REVERSE_SHADOW when the backfill cannot write old
	 */
	static <K extends Comparable<? super K>, R> Repairer<K, R> of(Backfill<K, R> backfill, MigrationMode mode,
			boolean deleteExtra, RecordComparer comparer, PendingKeys<K> pending, Supplier<MigrationMode> currentMode,
			int pageSize) {
		return new Repairer<>(backfill, mode, sink(backfill, mode), deleteExtra, comparer, pending, currentMode,
				pageSize);
	}

	private static <K extends Comparable<? super K>, R> BackfillSink<K, R> sink(Backfill<K, R> backfill,
			MigrationMode mode) {
		if (mode == MigrationMode.NEW) {
			throw new BackfillConflictException("Cannot repair migration '" + backfill.migration()
					+ "': in NEW old is no longer written; switch back to REVERSE_SHADOW to repair old");
		}
		if (mode.primary() == Impl.OLD) {
			return backfill.newSink();
		}
		BackfillSink<K, R> oldSink = backfill.oldSink();
		if (oldSink == null) {
			throw new BackfillConflictException("Cannot repair migration '" + backfill.migration() + "' in " + mode
					+ ": new is authoritative, so repair writes to old, but the backfill can only read old; give it "
					+ "old's store with Backfill.Builder.from(BackfillStore)");
		}
		return oldSink;
	}

	/**
	 * Repairs differences of a chunk, none of them pending in the journal.
	 * @return what was repaired, and what still differs
	 * @throws IllegalStateException when the migration's authoritative side changed since the verify started
	 */
	Outcome<K, R> repair(Window<K, R> window, List<Difference<K, R>> differences) {
		checkMode();
		List<Difference<K, R>> left = new ArrayList<>();
		List<Difference<K, R>> todo = differences;
		long repaired = 0;
		long deleted = 0;
		long pendingKeys = 0;
		for (int round = 1; round <= MAX_ROUNDS && !todo.isEmpty(); round++) {
			Map<K, Fix> fixes = apply(todo, left);
			if (fixes.isEmpty()) {
				todo = List.of();
				break;
			}
			KeyRange<K> range = window.around(fixes.keySet());
			List<Difference<K, R>> again = new ArrayList<>();
			Map<K, R> olds = range.readFrom(this.backfill.oldSource(), this.pageSize);
			Map<K, R> news = range.readFrom(this.backfill.newSource(), this.pageSize);
			for (Map.Entry<K, Fix> fix : fixes.entrySet()) {
				K key = fix.getKey();
				Difference<K, R> difference = this.comparer.compare(key, olds.get(key), news.get(key));
				if (difference == null && fix.getValue() == Fix.WRITE) {
					repaired++;
				}
				else if (difference == null) {
					deleted++;
				}
				else if (this.pending.pending(key)) {
					pendingKeys++;
				}
				else {
					again.add(difference);
				}
			}
			todo = again;
		}
		if (!todo.isEmpty()) {
			logger.warn("Repair of '{}': {} keys still differ after {} repairs, as writes keep changing them "
					+ "(first: {})", this.backfill.migration(), todo.size(), MAX_ROUNDS,
					this.backfill.keys().format(todo.get(0).key()));
			left.addAll(todo);
		}
		left.sort((a, b) -> a.key().compareTo(b.key()));
		return new Outcome<>(left, repaired, deleted, pendingKeys);
	}

	/**
	 * Writes the authoritative records over the other side's and deletes extra ones when allowed.
	 * @param left where differences that repair may not touch go
	 * @return the keys touched, and how
	 */
	private Map<K, Fix> apply(List<Difference<K, R>> differences, List<Difference<K, R>> left) {
		Map<K, Fix> touched = new TreeMap<>();
		List<R> writes = new ArrayList<>();
		List<K> deletes = new ArrayList<>();
		for (Difference<K, R> difference : differences) {
			R record = (this.authoritative == Impl.OLD) ? difference.oldRecord() : difference.newRecord();
			if (record != null) {
				writes.add(record);
				touched.put(difference.key(), Fix.WRITE);
			}
			else if (this.deleteExtra) {
				deletes.add(difference.key());
				touched.put(difference.key(), Fix.DELETE);
			}
			else {
				left.add(difference);
			}
		}
		if (!writes.isEmpty()) {
			this.sink.upsert(writes);
		}
		if (!deletes.isEmpty()) {
			this.sink.delete(deletes);
		}
		return touched;
	}

	private void checkMode() {
		MigrationMode now = this.currentMode.get();
		if (now == MigrationMode.NEW || now.primary() != this.authoritative) {
			throw new IllegalStateException("The mode of migration '" + this.backfill.migration() + "' changed from "
					+ this.mode + " to " + now + " during the repair, which changes the side it may write to; "
					+ "verify again to repair in " + now);
		}
	}

	private enum Fix {

		/** The authoritative record was written over the other side's. */
		WRITE,

		/** The other side's record, which the authoritative side lacks, was deleted. */
		DELETE

	}

	/**
	 * What the repair of a chunk did.
	 *
	 * @param left the differences still there, in key order
	 * @param repaired keys whose authoritative record was written
	 * @param deleted keys whose extra record was deleted
	 * @param pending keys that differ again but now wait in the journal
	 */
	record Outcome<K, R>(List<Difference<K, R>> left, long repaired, long deleted, long pending) {
	}

}
