package io.github.phasedmigration.core.journal;

import java.time.Duration;
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

	/**
	 * How long the oldest pending entry has waited at {@code now}: zero when none waits (or when
	 * another instance's clock put it in the future).
	 */
	public Duration oldestPendingAge(Instant now) {
		Instant oldest = this.oldestPending;
		if (oldest == null || oldest.isAfter(now)) {
			return Duration.ZERO;
		}
		return Duration.between(oldest, now);
	}

}
