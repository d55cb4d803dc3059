package io.github.phasedmigration.core;

/**
 * Lets a second write wait for the commit of the caller's transaction (invariant I2: never a
 * second write for an authoritative write that rolled back). The Spring layer implements it with a
 * {@code TransactionSynchronization}; without transactions, {@link #NONE} runs everything at once.
 */
@FunctionalInterface
public interface TransactionHook {

	/** No transactions: nothing is ever deferred. */
	TransactionHook NONE = (task) -> false;

	/**
	 * Registers a task to run after the transaction active on this thread commits, on this thread,
	 * outside that transaction; it never runs when the transaction rolls back.
	 * @param task what to run after the commit
	 * @return {@code true} when a transaction is active and the task was registered, {@code false}
	 * when none is active (the caller runs the task itself)
	 */
	boolean runAfterCommit(Runnable task);

}
