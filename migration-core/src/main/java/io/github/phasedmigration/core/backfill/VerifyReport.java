package io.github.phasedmigration.core.backfill;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.MigrationMode;

/**
 * What a verify found, and what its repair did. The counts of differences are of what still
 * differs at the end: keys that repair fixed are counted in {@code repaired} or {@code deleted}
 * instead, so that a report whose three counts of differences are 0 says that both sides held the
 * same records (except keys pending in the journal, whose writes are on their way).
 *
 * @param migration the migration
 * @param state where the verify stands; a running verify's counts grow chunk by chunk
 * @param startedAt when it started
 * @param finishedAt when it completed or failed; {@code null} while it runs
 * @param rowsCompared keys compared: each key held by either side counts once
 * @param onlyInOld keys that only old holds
 * @param onlyInNew keys that only new holds
 * @param differing keys whose two records differ
 * @param pendingInJournal keys that differ but have journal entries waiting for their replay, which
 * will bring both sides together: not differences
 * @param repaired keys whose authoritative record repair wrote to the other side
 * @param deleted keys whose record repair deleted from the other side (only with {@code deleteExtra})
 * @param samples some of the differences still there, at most the options' {@code sampleSize} of
 * each kind, in key order per kind
 * @param error why it failed; {@code null} unless {@link VerifyState#FAILED}
 * @param mode the migration's mode when the verify started, which says the authoritative side
 */
public record VerifyReport(String migration, VerifyState state, Instant startedAt, @Nullable Instant finishedAt,
		long rowsCompared, long onlyInOld, long onlyInNew, long differing, long pendingInJournal, long repaired,
		long deleted, List<VerifyDifference> samples, @Nullable String error, MigrationMode mode) {

	public VerifyReport {
		Objects.requireNonNull(migration, "migration");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(startedAt, "startedAt");
		Objects.requireNonNull(mode, "mode");
		samples = List.copyOf(samples);
	}

}
