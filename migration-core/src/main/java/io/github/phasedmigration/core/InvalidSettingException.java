package io.github.phasedmigration.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A value that a settings record does not allow, naming the setting as it is configured
 * ({@code queue-capacity}, {@code max-backoff}) so that the Spring layer can point at the key
 * that holds it: the records are the one place where a value is checked.
 *
 * <pre class="code">
 * InvalidSettingException.require(threads &gt;= 1, "threads", threads, "at least 1");
 * // threads must be at least 1, was 0
 * </pre>
 */
public class InvalidSettingException extends IllegalArgumentException {

	private final String setting;

	private final String problem;

	/**
	 * @param setting the setting's name, dashed as configured, e.g. {@code ring-size}
	 * @param problem what follows the name in the message: the value and what is allowed
	 */
	public InvalidSettingException(String setting, String problem) {
		super(setting + " " + problem);
		this.setting = setting;
		this.problem = problem;
	}

	/** Rejects a value unless it is valid: "{@code <setting> must be <rule>, was <value>}". */
	public static void require(boolean valid, String setting, Object value, String rule) {
		if (!valid) {
			throw new InvalidSettingException(setting, "must be " + rule + ", was " + value);
		}
	}

	/** Rejects a duration unless it is positive: "{@code <setting> must be positive, e.g. 1s, was PT0S}". */
	public static void requirePositive(String setting, Duration value, String example) {
		Objects.requireNonNull(value, setting);
		require(!value.isNegative() && !value.isZero(), setting, value, "positive, e.g. " + example);
	}

	/** The setting's name, e.g. {@code ring-size}, or {@code criteria.min-calls} once prefixed. */
	public String setting() {
		return this.setting;
	}

	/** The same problem under a longer name, e.g. {@code migration.discrepancies.ring-size}. */
	public InvalidSettingException prefixed(String prefix) {
		InvalidSettingException prefixed = new InvalidSettingException(prefix + this.setting, this.problem);
		prefixed.setStackTrace(getStackTrace());
		return prefixed;
	}

}
