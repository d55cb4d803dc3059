package io.github.phasedmigration.core.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where a migration's backfill stands, as its checkpoint says, with the live rate and ETA when it
 * runs on the instance that answers.
 *
 * @param migration the migration
 * @param state where it stands; {@link BackfillState#NOT_STARTED} when it never ran
 * @param lastKey the key of the last record copied, as text; {@code null} before the first chunk
 * @param rowsDone records copied so far
 * @param rowsTotal old's estimate of all its records when the last run started; negative when unknown
 * @param rowsPerSecond records copied per second over about the last 30 seconds of this run;
 * 0 when it does not run here
 * @param eta how long the rest should take at that rate; {@code null} when the total or the rate is unknown
 * @param runningHere whether the answering instance runs it
 * @param startedAt when its first run started
 * @param updatedAt when its checkpoint was last saved
 * @param finishedAt when it completed
 * @param lastError why it failed
 */
public record BackfillStatus(String migration, BackfillState state, @Nullable String lastKey, long rowsDone,
		long rowsTotal, double rowsPerSecond, @Nullable Duration eta, boolean runningHere, @Nullable Instant startedAt,
		@Nullable Instant updatedAt, @Nullable Instant finishedAt, @Nullable String lastError) {

	public BackfillStatus {
		Objects.requireNonNull(migration, "migration");
		Objects.requireNonNull(state, "state");
	}

}
