package io.github.phasedmigration.autoconfigure.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The body of a POST to a {@link MigrationSection}: one action and the fields that some actions use.
 *
 * @param action what to do
 * @param ids the journal entries concerned (parked: retry, discard); all when absent
 * @param reason why; required to discard parked entries, kept in the history
 * @param fromBeginning backfill start: copy from the first record again instead of resuming
 * @param repair verify start: repair what differs
 * @param deleteExtra verify start with repair: delete records that are only in the side that is not
 * authoritative
 */
public record SectionRequest(String action, @Nullable List<Object> ids, @Nullable String reason,
		@Nullable Boolean fromBeginning, @Nullable Boolean repair, @Nullable Boolean deleteExtra) {

	/** Whether a flag was given as true. */
	public static boolean isTrue(@Nullable Boolean flag) {
		return Boolean.TRUE.equals(flag);
	}

}
