package io.github.phasedmigration.core;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.compare.ResultComparator;

/**
 * One call of a migrated method: what to run on each side and how.
 *
 * @param method short description of the annotated method, for logs and discrepancies
 * @param arguments the caller's arguments (never copied: they are only rendered for logs)
 * @param kind read or write
 * @param async whether the method returns a {@code CompletionStage}
 * @param oldInvoker runs the annotated method
 * @param newInvoker runs the new implementation
 * @param comparator the comparator of this method, when it has its own; the migration's otherwise
 */
public record MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async,
		Invoker oldInvoker, Invoker newInvoker, @Nullable ResultComparator comparator) {

	/** A call that uses the migration's comparator. */
	public MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async, Invoker oldInvoker,
			Invoker newInvoker) {
		this(method, arguments, kind, async, oldInvoker, newInvoker, null);
	}

	/** The invoker of one implementation. */
	public Invoker invoker(Impl impl) {
		return (impl == Impl.OLD) ? this.oldInvoker : this.newInvoker;
	}

}
