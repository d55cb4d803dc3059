package io.github.phasedmigration.core.journal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The journal's entries of one migration.
 *
 * @param pending entries waiting for a replay or being replayed
 * @param parked entries out of attempts, waiting for a person
 * @param oldestPending when the oldest pending entry was appended, {@code null} when none
 */
public record JournalStats(long pending, long parked, @Nullable Instant oldestPending) {

	/** No entries. */
	public static final JournalStats EMPTY = new JournalStats(0, 0, null);

}
