package io.github.phasedmigration.core.backfill;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a backfill has done, saved after every chunk: it resumes after {@code lastKey}.
 *
 * @param migration the migration
 * @param state where it stands
 * @param lastKey the key of the last record written, as text; {@code null} before the first chunk
 * @param rowsDone records read from old and written to new so far (a resumed chunk counts again)
 * @param rowsTotal the source's estimate of all its records when the run started; negative when unknown
 * @param startedAt when the first run started
 * @param updatedAt when this checkpoint was saved
 * @param finishedAt when it completed; {@code null} before
 * @param lastError why it failed; {@code null} unless {@link BackfillState#FAILED}
 */
public record BackfillCheckpoint(String migration, BackfillState state, @Nullable String lastKey, long rowsDone,
		long rowsTotal, Instant startedAt, Instant updatedAt, @Nullable Instant finishedAt,
		@Nullable String lastError) {

	public BackfillCheckpoint {
		Objects.requireNonNull(migration, "migration");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(startedAt, "startedAt");
		Objects.requireNonNull(updatedAt, "updatedAt");
	}

}
