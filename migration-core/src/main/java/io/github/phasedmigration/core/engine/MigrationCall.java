package io.github.phasedmigration.core.engine;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.CallKey;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.ResultShape;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.journal.WriteMethod;

/**
 * One call of a migrated method: what to run on each side and how.
 *
 * @param method short description of the annotated method, for logs and discrepancies
 * @param arguments the caller's arguments (never copied: they are only rendered for logs)
 * @param kind read or write
 * @param shape what the method returns: a value, a {@code CompletionStage}, a {@code Mono} or a
 * {@code Flux}
 * @param oldInvoker runs the annotated method
 * @param newInvoker runs the new implementation
 * @param comparator the comparator of this method, when it has its own; the migration's otherwise
 * @param writeMethod how the journal names, keys and encodes this write method; {@code null} for
 * reads, and for writes whose journal entries cannot be replayed (they are kept for a person)
 * @param callKey the method's migration key, evaluated only when a canary needs it; {@code null}
 * when the method has none
 */
public record MigrationCall(String method, Object[] arguments, MigrationKind kind, ResultShape shape,
		Invoker oldInvoker, Invoker newInvoker, @Nullable ResultComparator comparator,
		@Nullable WriteMethod writeMethod, @Nullable CallKey callKey) {

	/** A call of a method that returns a {@code CompletionStage} ({@code async}) or a value. */
	public MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async, Invoker oldInvoker,
			Invoker newInvoker, @Nullable ResultComparator comparator, @Nullable WriteMethod writeMethod,
			@Nullable CallKey callKey) {
		this(method, arguments, kind, ResultShape.of(async), oldInvoker, newInvoker, comparator, writeMethod,
				callKey);
	}

	/** A call whose key, if any, is its write method's. */
	public MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async, Invoker oldInvoker,
			Invoker newInvoker, @Nullable ResultComparator comparator, @Nullable WriteMethod writeMethod) {
		this(method, arguments, kind, async, oldInvoker, newInvoker, comparator, writeMethod, null);
	}

	/** A call that uses the migration's comparator. */
	public MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async, Invoker oldInvoker,
			Invoker newInvoker) {
		this(method, arguments, kind, async, oldInvoker, newInvoker, null, null, null);
	}

	/** A call without a write method. */
	public MigrationCall(String method, Object[] arguments, MigrationKind kind, boolean async, Invoker oldInvoker,
			Invoker newInvoker, @Nullable ResultComparator comparator) {
		this(method, arguments, kind, async, oldInvoker, newInvoker, comparator, null, null);
	}

	/**
	 * The migration key of this call, evaluated now.
	 * @return the key, or {@code null} when the method has none or it evaluated to nothing
	 */
	public @Nullable String key() {
		if (this.callKey != null) {
			return this.callKey.key(this.arguments);
		}
		return (this.writeMethod != null) ? this.writeMethod.key(this.arguments) : null;
	}

	/** Whether the caller gets its result later, through a stage or a publisher. */
	public boolean async() {
		return this.shape.async();
	}

	/** A copy of this call with other invokers and shape (a reactive call bridged to stages). */
	MigrationCall withInvokers(ResultShape shape, Invoker oldInvoker, Invoker newInvoker) {
		return new MigrationCall(this.method, this.arguments, this.kind, shape, oldInvoker, newInvoker,
				this.comparator, this.writeMethod, this.callKey);
	}

	/** The invoker of one implementation. */
	public Invoker invoker(Impl impl) {
		return (impl == Impl.OLD) ? this.oldInvoker : this.newInvoker;
	}

}
