package io.github.phasedmigration.core.journal;

import org.jspecify.annotations.Nullable;

/** Finds the write method of a journal entry by its {@link WriteMethod#id() id}. */
@FunctionalInterface
public interface ReplayTargets {

	/** The target of that method id, or {@code null} when the application has no such method (any more). */
	@Nullable ReplayTarget find(String methodId);

}
