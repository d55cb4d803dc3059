package io.github.phasedmigration.core.discrepancy;

import java.util.Locale;

/** What kind of difference a discrepancy is. */
public enum MismatchCategory {

	/** Both returned, and the comparator found differences. */
	VALUE,

	/** Old returned, new threw. */
	NEW_ERROR,

	/** Old threw, new returned. */
	OLD_ERROR,

	/** Both threw, exceptions of different types (or messages, when they matter). */
	EXCEPTION;

	private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

	/** Lower-case value, as used in metric tags and JSON. */
	public String tag() {
		return this.tag;
	}

}
