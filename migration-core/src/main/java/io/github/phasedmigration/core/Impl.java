package io.github.phasedmigration.core;

import java.util.Locale;

/** One of the two implementations of a migration. */
public enum Impl {

	/** The annotated method. */
	OLD,

	/** The method on the {@code newImpl} bean. */
	NEW;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/** The other implementation. */
	public Impl other() {
		return (this == OLD) ? NEW : OLD;
	}

	/** Lower-case value, as used in metric tags and JSON. */
	public String tag() {
		return this.tag;
	}

}
