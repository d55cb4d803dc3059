package io.github.phasedmigration.core.journal;

/**
 * Runs a journaled write again on one implementation, directly: never through the migration's
 * advice, which would start a new dual write.
 */
@FunctionalInterface
public interface ReplayTarget {

	/**
	 * Replays the entry's write on {@link JournalEntry#impl()}, waiting for it to finish.
	 * @param entry the entry, with its arguments
	 * @throws Throwable what the write threw
	 */
	void replay(JournalEntry entry) throws Throwable;

}
