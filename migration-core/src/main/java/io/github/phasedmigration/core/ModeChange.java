package io.github.phasedmigration.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One change of a migration's mode, as kept in its history.
 *
 * @param time when it happened
 * @param from the effective mode before
 * @param to the effective mode after
 * @param source where it came from: {@code config}, {@code refresh} or {@code actuator}
 * @param action what changed: {@code start} (the mode declared at start-up), {@code declare},
 * {@code override} or {@code reset}
 * @param principal who asked, where known
 * @param reason why, as given
 */
public record ModeChange(Instant time, MigrationMode from, MigrationMode to, String source, String action,
		@Nullable String principal, @Nullable String reason) {

}
