package io.github.phasedmigration.core.journal;

import java.util.Locale;

/** How one replay of a journal entry ended. */
public enum ReplayResult {

	/** The write went through; the entry is gone. */
	SUCCESS,

	/** The write failed again; the entry waits for its next attempt. */
	FAILURE,

	/** The write failed and the entry is out of attempts (or cannot be replayed): parked. */
	PARKED;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/** Lower-case value, as used in metric tags. */
	public String tag() {
		return this.tag;
	}

}
