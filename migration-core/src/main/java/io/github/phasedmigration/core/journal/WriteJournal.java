package io.github.phasedmigration.core.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.reconciliation.Reconciler;

/**
 * Where second writes wait for their replay. The engine {@link #append appends} on the caller's
 * thread; the {@link Reconciler} {@link #claim claims} and settles entries. Implementations must be
 * safe for several threads and, when {@link #durable()}, for several application instances on one
 * store:
 *
 * <ul>
 * <li>a claimed entry is leased to one claimer until it is settled or its lease ends, so no entry
 * is replayed by two claimers at once, and the claims of a dead instance are taken over;</li>
 * <li>of the entries of one migration key, only the oldest may be claimed: later ones wait until it
 * is settled, also while it is parked;</li>
 * <li>entries without a key are claimed in id order, but not ordered against each other.</li>
 * </ul>
 *
 * Every method may throw when the store cannot be reached; callers handle it.
 */
public interface WriteJournal {

	/**
	 * Appends an entry, in a transaction of its own: a caller's transaction that rolls back must not
	 * take it along.
	 * @return the entry's id
	 */
	long append(NewJournalEntry entry);

	/**
	 * Whether the journal holds an entry (pending, being replayed or parked) of that migration and
	 * key. Called on the caller's thread before every keyed second write, so implementations answer
	 * {@code false} cheaply when they know that the migration has no entry at all.
	 */
	boolean hasEntries(String migration, String key);

	/**
	 * Claims due entries for a replay: pending ones whose next attempt is due and ones whose lease
	 * ended, only the oldest of each key, in id order, and counts an attempt for each.
	 * @param max how many at most
	 * @param lease how long the claim holds
	 * @param now the current time
	 * @return the claimed entries, each with its attempts already counted
	 */
	List<JournalEntry> claim(int max, Duration lease, Instant now);

	/** Deletes replayed entries (those still claimed by this claimer). */
	void replayed(Collection<JournalEntry> entries);

	/** Gives a claimed entry back for another attempt at {@code nextAttemptAt}. */
	void retryLater(JournalEntry entry, String error, Instant nextAttemptAt);

	/** Parks a claimed entry that ran out of attempts (or cannot be replayed at all). */
	void park(JournalEntry entry, String error);

	/** Pending and parked counts of each migration that has entries. */
	Map<String, JournalStats> stats();

	/**
	 * Parked entries of a migration, oldest first.
	 * @param page the page, from 0
	 * @param size entries per page
	 */
	List<JournalEntry> parked(String migration, int page, int size);

	/**
	 * Makes parked entries pending again, due now, with their attempts reset.
	 * @param ids the entries, or {@code null} for every parked entry of the migration
	 * @return how many changed
	 */
	int retryParked(String migration, @Nullable Collection<Long> ids, Instant now);

	/**
	 * Deletes parked entries: their writes will never reach the other store.
	 * @param ids the entries, or {@code null} for every parked entry of the migration
	 * @return how many were deleted
	 */
	int discardParked(String migration, @Nullable Collection<Long> ids);

	/** Whether entries survive a restart of the application. */
	boolean durable();

}
