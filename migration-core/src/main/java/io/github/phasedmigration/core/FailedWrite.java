package io.github.phasedmigration.core;

import java.time.Instant;

/**
 * A secondary write that failed after the authoritative one succeeded: the two stores now differ
 * until it is replayed.
 *
 * @param time when it failed
 * @param migration the migration's name
 * @param method the annotated method
 * @param impl the implementation whose write failed
 * @param arguments the caller's arguments (the live objects, for a replay)
 * @param error what the write threw
 */
public record FailedWrite(Instant time, String migration, String method, Impl impl, Object[] arguments,
		Throwable error) {

}
