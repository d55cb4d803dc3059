package io.github.phasedmigration.core.journal;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.Impl;

/**
 * A second write to append to the journal.
 *
 * @param time when it failed or was queued
 * @param migration the migration's name
 * @param impl the implementation whose write must be replayed
 * @param method the {@link WriteMethod#id() id} of the annotated method
 * @param key the migration key of the call, {@code null} when the migration has none
 * @param arguments the caller's arguments, encoded by {@link WriteMethod#encode}
 * @param liveArguments the caller's arguments themselves, for journals that keep them in memory
 * @param cause why it is journaled
 * @param error what the write threw, rendered; for a queued write, what it queued behind
 */
public record NewJournalEntry(Instant time, String migration, Impl impl, String method, @Nullable String key,
		String arguments, Object[] liveArguments, JournalCause cause, String error) {

	public NewJournalEntry {
		Objects.requireNonNull(time, "time");
		Objects.requireNonNull(migration, "migration");
		Objects.requireNonNull(impl, "impl");
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(arguments, "arguments");
		Objects.requireNonNull(liveArguments, "liveArguments");
		Objects.requireNonNull(cause, "cause");
		Objects.requireNonNull(error, "error");
	}

}
