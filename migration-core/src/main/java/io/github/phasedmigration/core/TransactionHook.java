package io.github.phasedmigration.core;

/**
 * Lets a second write wait for the commit of the caller's transaction (invariant I2: never a
 * second write for an authoritative write that rolled back). The Spring layer implements it with a
 * {@code TransactionSynchronization}; without transactions, {@link #NONE} runs everything at once.
 */
@FunctionalInterface
public interface TransactionHook {

	/** No transactions: nothing is ever deferred. */
	TransactionHook NONE = (afterCommit, afterRollback) -> false;

	/**
	 * Registers tasks for the end of the transaction active on this thread: {@code afterCommit}
	 * after it committed, on this thread, outside that transaction; {@code afterRollback} when it
	 * rolled back (or ended in an unknown state) instead.
	 * @param afterCommit what to run after the commit
	 * @param afterRollback what to run instead when there is no commit
	 * @return {@code true} when a transaction is active and the tasks were registered, {@code false}
	 * when none is active (the caller runs {@code afterCommit} itself)
	 */
	boolean runAfterCompletion(Runnable afterCommit, Runnable afterRollback);

	/**
	 * Registers a task to run after the transaction active on this thread commits; it never runs
	 * when the transaction rolls back.
	 * @return {@code true} when a transaction is active and the task was registered
	 */
	default boolean runAfterCommit(Runnable task) {
		return runAfterCompletion(task, () -> {
		});
	}

}
