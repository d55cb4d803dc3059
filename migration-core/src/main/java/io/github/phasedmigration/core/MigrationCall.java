package io.github.phasedmigration.core;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.journal.WriteMethod;

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
 * @param writeMethod how the journal names, keys and encodes this write method; {@code null} for
 * reads, and for writes whose journal entries cannot be replayed (they are kept for a person)
 */
public record MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async,
		Invoker oldInvoker, Invoker newInvoker, @Nullable ResultComparator comparator,
		@Nullable WriteMethod writeMethod) {

	/** A call that uses the migration's comparator. */
	public MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async, Invoker oldInvoker,
			Invoker newInvoker) {
		this(method, arguments, kind, async, oldInvoker, newInvoker, null, null);
	}

	/** A call without a write method. */
	public MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async, Invoker oldInvoker,
			Invoker newInvoker, @Nullable ResultComparator comparator) {
		this(method, arguments, kind, async, oldInvoker, newInvoker, comparator, null);
	}

	/** The invoker of one implementation. */
	public Invoker invoker(Impl impl) {
		return (impl == Impl.OLD) ? this.oldInvoker : this.newInvoker;
	}

}
