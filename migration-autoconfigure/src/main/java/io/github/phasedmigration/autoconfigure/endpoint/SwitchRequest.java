package io.github.phasedmigration.autoconfigure.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import io.github.phasedmigration.autoconfigure.Inputs;
import io.github.phasedmigration.autoconfigure.MigrationRolloutSettings;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.rollout.Percentage;
import io.github.phasedmigration.core.rollout.Rollout;

/**
 * Checks the body of a switch: every value that is not allowed is a 400 naming the field, the
 * value (control characters shown escaped) and what is allowed.
 */
final class SwitchRequest {

	/** The longest reason kept in the history. */
	static final int MAX_REASON_LENGTH = 500;

	private SwitchRequest() {
	}

	/**
	 * The rollout a switch asks for.
	 * @param current the rollout now
	 * @return the target: the mode given (else the current one), at the percentage given (else 100
	 * with a mode, the current one without), with the allow-list and sample rate given (else the
	 * current ones)
	 */
	static Rollout target(Rollout current, @Nullable String mode, @Nullable String percentage,
			@Nullable List<String> allowList, @Nullable String sampleRate) {
		boolean modeGiven = mode != null && !mode.isBlank();
		if (!modeGiven && percentage == null && allowList == null && sampleRate == null) {
			throw new InvalidEndpointRequestException(
					"Missing 'mode' (or 'percentage', 'allowList', 'sampleRate') in the request body; allowed modes: "
							+ MigrationMode.ALLOWED_VALUES,
					"Missing mode");
		}
		MigrationMode target = modeGiven ? mode(mode) : current.mode();
		int basisPoints = (percentage != null) ? check(() -> Percentage.parse("percentage", percentage))
				: modeGiven ? Percentage.FULL : current.basisPoints();
		Rollout rollout = current.with(target, basisPoints);
		if (allowList != null) {
			rollout = rollout.withAllowList(check(() -> MigrationRolloutSettings.allowList("allowList", allowList)));
		}
		if (sampleRate != null) {
			rollout = rollout
				.withSampleBasisPoints(check(() -> MigrationRolloutSettings.sampleRate("sampleRate", sampleRate)));
		}
		return rollout;
	}

	/** A reason, checked: at most {@value #MAX_REASON_LENGTH} characters, no control characters. */
	static @Nullable String reason(@Nullable String reason) {
		if (reason == null) {
			return null;
		}
		if (reason.length() > MAX_REASON_LENGTH) {
			throw new InvalidEndpointRequestException("'reason' has " + reason.length() + " characters; at most "
					+ MAX_REASON_LENGTH + " are allowed", "Reason too long");
		}
		if (Inputs.hasControlCharacters(reason)) {
			throw new InvalidEndpointRequestException("'reason' = '" + Inputs.printable(reason)
					+ "' is not allowed: control characters (line breaks, tabs, escapes) are not", "Invalid reason");
		}
		return reason;
	}

	private static MigrationMode mode(String mode) {
		if (Inputs.hasControlCharacters(mode) || mode.length() > 40) {
			throw new InvalidEndpointRequestException("'mode' = '" + Inputs.printable(mode)
					+ "' is not allowed; allowed modes: " + MigrationMode.ALLOWED_VALUES, "Invalid mode");
		}
		try {
			return MigrationMode.parse(mode);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), "Invalid mode");
		}
	}

	private static <T> T check(java.util.function.Supplier<T> parse) {
		try {
			return parse.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), "Invalid value");
		}
	}

}
