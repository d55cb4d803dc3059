package io.github.phasedmigration.core;

import java.util.Locale;

/** Whether an implementation served the caller or only ran beside it. */
public enum Role {

	/** Its result (or exception) went to the caller. */
	PRIMARY,

	/** It ran to be compared (reads) or kept in sync (writes). */
	SECONDARY;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/** Lower-case value, as used in metric tags and JSON. */
	public String tag() {
		return this.tag;
	}

}
