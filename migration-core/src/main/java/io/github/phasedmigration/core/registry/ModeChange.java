package io.github.phasedmigration.core.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.MigrationMode;

/**
 * One change of a migration's mode or rollout, as kept in its history and published in the audit.
 *
 * @param time when it happened
 * @param from the effective mode before
 * @param to the effective mode after
 * @param fromPercentage the rollout percentage before (0 to 100)
 * @param percentage the rollout percentage after (0 to 100)
 * @param source where it came from: {@code config}, {@code refresh}, {@code actuator} or
 * {@code auto-rollback}
 * @param action what changed: {@code start} (the mode declared at start-up), {@code declare},
 * {@code override}, {@code reset}, {@code rollback}, or an action that leaves the mode as it is
 * (such as {@code journal-retry})
 * @param principal who asked, where known
 * @param reason why, as given
 * @param forced whether a step forward was asked with {@code force} past unmet success criteria
 * @param measurements the measured values behind it (an automatic rollback, a forced switch), by
 * criterion; empty for none
 * @param rolloutChanges the other parts of the rollout that changed, as {@code before -> after}:
 * {@code allowList}, {@code sampleRate}, {@code salt}; empty when none did
 */
public record ModeChange(Instant time, MigrationMode from, MigrationMode to, double fromPercentage, double percentage,
		String source, String action, @Nullable String principal, @Nullable String reason, boolean forced,
		Map<String, String> measurements, Map<String, String> rolloutChanges) {

	public ModeChange {
		Objects.requireNonNull(time, "time");
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		measurements = Collections.unmodifiableMap(new LinkedHashMap<>(measurements)); // in the criteria's order
		rolloutChanges = Collections.unmodifiableMap(new LinkedHashMap<>(rolloutChanges));
	}

	/** A change that leaves the allow-list, sample rate and salt as they were. */
	public ModeChange(Instant time, MigrationMode from, MigrationMode to, double fromPercentage, double percentage,
			String source, String action, @Nullable String principal, @Nullable String reason, boolean forced,
			Map<String, String> measurements) {
		this(time, from, to, fromPercentage, percentage, source, action, principal, reason, forced, measurements,
				Map.of());
	}

	/** A change of the mode of all calls, neither forced nor measured. */
	public ModeChange(Instant time, MigrationMode from, MigrationMode to, String source, String action,
			@Nullable String principal, @Nullable String reason) {
		this(time, from, to, 100, 100, source, action, principal, reason, false, Map.of());
	}

}
