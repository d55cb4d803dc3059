package io.github.phasedmigration.core;

import io.github.phasedmigration.annotation.MigrationKind;

/**
 * One call of a migrated method: what to run on each side and how.
 *
 * @param method short description of the annotated method, for logs and discrepancies
 * @param arguments the caller's arguments (never copied: they are only rendered for logs)
 * @param kind read or write
 * @param async whether the method returns a {@code CompletionStage}
 * @param oldInvoker runs the annotated method
 * @param newInvoker runs the new implementation
 */
public record MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async,
		Invoker oldInvoker, Invoker newInvoker) {

	/** The invoker of one implementation. */
	public Invoker invoker(Impl impl) {
		return (impl == Impl.OLD) ? this.oldInvoker : this.newInvoker;
	}

}
