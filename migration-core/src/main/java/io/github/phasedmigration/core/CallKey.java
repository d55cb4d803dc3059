package io.github.phasedmigration.core;

import org.jspecify.annotations.Nullable;

/**
 * The migration key of a method's calls: identifies the entity a call is about (a customer, an
 * order). Canaries use it for stickiness, writes to keep their order per key.
 */
@FunctionalInterface
public interface CallKey {

	/**
	 * The key of a call.
	 * @param arguments the call's arguments
	 * @return the key, or {@code null} when it evaluates to nothing
	 */
	@Nullable String key(Object[] arguments);

}
