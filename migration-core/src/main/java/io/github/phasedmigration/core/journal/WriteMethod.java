package io.github.phasedmigration.core.journal;

import org.jspecify.annotations.Nullable;

/**
 * How the journal names, keys and encodes the calls of one annotated write method. Built once per
 * method at start-up; called on the caller's thread.
 */
public interface WriteMethod {

	/**
	 * A name of the method that stays the same across restarts and instances, used to find it again
	 * for a replay, e.g. {@code com.example.OrdersLedger#markPaid(long)}.
	 */
	String id();

	/**
	 * The migration key of a call, or {@code null} when the migration has none (or it evaluated to
	 * {@code null}).
	 */
	@Nullable String key(Object[] arguments);

	/** The arguments in the form the journal stores and {@link ReplayTarget} decodes. */
	String encode(Object[] arguments);

}
