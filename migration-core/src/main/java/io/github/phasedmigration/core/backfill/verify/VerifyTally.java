package io.github.phasedmigration.core.backfill.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.KeyCodec;
import io.github.phasedmigration.core.backfill.VerifyDifference;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.VerifyState;

/** Counts what a verify finds and keeps a bounded sample of each kind; used by the verify's thread only. */
final class VerifyTally<K> {

	private final String migration;

	private final MigrationMode mode;

	private final Instant startedAt;

	private final int sampleSize;

	private final KeyCodec<K> keys;

	private final Map<VerifyDifference.Kind, Long> counts = new EnumMap<>(VerifyDifference.Kind.class);

	private final Map<VerifyDifference.Kind, List<VerifyDifference>> samples = new EnumMap<>(
			VerifyDifference.Kind.class);

	private long compared;

	private long pending;

	private long repaired;

	private long deleted;

	VerifyTally(String migration, MigrationMode mode, Instant startedAt, int sampleSize, KeyCodec<K> keys) {
		this.migration = migration;
		this.mode = mode;
		this.startedAt = startedAt;
		this.sampleSize = sampleSize;
		this.keys = keys;
		for (VerifyDifference.Kind kind : VerifyDifference.Kind.values()) {
			this.counts.put(kind, 0L);
			this.samples.put(kind, new ArrayList<>());
		}
	}

	void compared(long keys) {
		this.compared += keys;
	}

	void pending(long keys) {
		this.pending += keys;
	}

	void repaired(long keys) {
		this.repaired += keys;
	}

	void deleted(long keys) {
		this.deleted += keys;
	}

	/** Counts differences still there, and keeps the first ones of each kind. */
	void differences(List<? extends Difference<K, ?>> differences) {
		for (Difference<K, ?> difference : differences) {
			this.counts.merge(difference.kind(), 1L, Long::sum);
			List<VerifyDifference> kept = this.samples.get(difference.kind());
			if (kept.size() < this.sampleSize) {
				kept.add(difference.toSample(this.keys));
			}
		}
	}

	VerifyReport report(VerifyState state, @Nullable Instant finishedAt, @Nullable String error) {
		List<VerifyDifference> all = new ArrayList<>();
		this.samples.values().forEach(all::addAll);
		return new VerifyReport(this.migration, state, this.startedAt, finishedAt, this.compared,
				this.counts.get(VerifyDifference.Kind.ONLY_IN_OLD), this.counts.get(VerifyDifference.Kind.ONLY_IN_NEW),
				this.counts.get(VerifyDifference.Kind.DIFFERENT), this.pending, this.repaired, this.deleted, all, error,
				this.mode);
	}

}
