package io.github.phasedmigration.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The four modes of a migration, in their order: OLD &lt; SHADOW &lt; REVERSE_SHADOW &lt; NEW.
 */
public enum MigrationMode {

	/** Only the old implementation runs. */
	OLD(Impl.OLD, false),

	/** Old serves; new runs as secondary (reads: concurrently and compared; writes: after old). */
	SHADOW(Impl.OLD, true),

	/** New serves; old runs as secondary, and serves as fallback for reads. */
	REVERSE_SHADOW(Impl.NEW, true),

	/** Only the new implementation runs. */
	NEW(Impl.NEW, false);

	/** The allowed values, as shown in error messages. */
	public static final String ALLOWED_VALUES = Arrays.stream(values())
		.map(Enum::name)
		.collect(Collectors.joining(", "));

	private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

	private final Impl primary;

	private final boolean secondary;

	MigrationMode(Impl primary, boolean secondary) {
		this.primary = primary;
		this.secondary = secondary;
	}

	/** The implementation whose result the caller receives. */
	public Impl primary() {
		return this.primary;
	}

	/** Whether the other implementation also runs. */
	public boolean runsSecondary() {
		return this.secondary;
	}

	/** Lower-case value with dashes ({@code reverse-shadow}), as used in metric tags. */
	public String tag() {
		return this.tag;
	}

	/** The mode just before this one; OLD for OLD. */
	public MigrationMode previous() {
		return (this == OLD) ? OLD : values()[ordinal() - 1];
	}

	/** The mode just after this one; NEW for NEW. */
	public MigrationMode next() {
		return (this == NEW) ? NEW : values()[ordinal() + 1];
	}

	/** Whether this mode comes after the other one: a switch to it is a step forward. */
	public boolean isAfter(MigrationMode other) {
		return ordinal() > other.ordinal();
	}

	/**
	 * Parses a mode leniently: case does not matter and {@code -} stands for {@code _}.
	 * @param value the text, for example {@code reverse-shadow}
	 * @return the mode
	 * @throws IllegalArgumentException naming the value and the allowed values
	 */
	public static MigrationMode parse(String value) {
		String normalized = (value != null) ? value.trim().replace('-', '_').toUpperCase(Locale.ROOT) : "";
		for (MigrationMode mode : values()) {
			if (mode.name().equals(normalized)) {
				return mode;
			}
		}
		throw new IllegalArgumentException(
				"Unknown migration mode '" + value + "'; allowed values: " + ALLOWED_VALUES);
	}

}
