package io.github.phasedmigration.core.journal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.Impl;

/**
 * An entry of the journal, as stored.
 *
 * @param id its id, ascending in the order entries were appended
 * @param migration the migration's name
 * @param impl the implementation whose write is replayed
 * @param method the {@link WriteMethod#id() id} of the annotated method
 * @param key the migration key, {@code null} when none: such entries are not ordered
 * @param arguments the encoded arguments
 * @param cause why it was journaled
 * @param lastError what the last attempt (or the original write) threw, rendered
 * @param attempts how many replays were started, the current one included once claimed
 * @param status where it stands
 * @param nextAttemptAt when it may be claimed next
 * @param createdAt when it was appended
 * @param updatedAt when it last changed
 * @param liveArguments the caller's arguments when the journal keeps them in memory, else
 * {@code null} (decode {@link #arguments()} instead)
 */
public record JournalEntry(long id, String migration, Impl impl, String method, @Nullable String key,
		String arguments, JournalCause cause, String lastError, int attempts, JournalStatus status,
		Instant nextAttemptAt, Instant createdAt, Instant updatedAt, Object @Nullable [] liveArguments) {

}
