package io.github.phasedmigration.core.journal;

import java.util.Locale;

/** Why a second write went to the journal. */
public enum JournalCause {

	/** The second write ran and failed. */
	FAILED,

	/**
	 * The second write did not run: an earlier entry of the same migration key was still in the
	 * journal, and running this one first would let the older write win when that one is replayed.
	 */
	QUEUED;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/** Lower-case value, as used in metric tags and JSON. */
	public String tag() {
		return this.tag;
	}

}
