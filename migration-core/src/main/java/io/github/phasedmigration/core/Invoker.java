package io.github.phasedmigration.core;

import org.jspecify.annotations.Nullable;

/** Runs one implementation of a migrated method with the caller's arguments. */
@FunctionalInterface
public interface Invoker {

	/**
	 * Runs the implementation.
	 * @return its result
	 * @throws Throwable what it threw, unwrapped from reflection
	 */
	@Nullable Object invoke() throws Throwable;

}
