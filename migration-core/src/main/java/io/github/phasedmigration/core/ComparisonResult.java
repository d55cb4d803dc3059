package io.github.phasedmigration.core;

import java.util.Locale;

/** How a secondary run ended up with respect to comparison, as counted in {@code migration.comparisons}. */
public enum ComparisonResult {

	/** Both finished and the comparator found no difference. */
	MATCH,

	/** Both finished and they differ: a discrepancy. */
	MISMATCH,

	/** The secondary did not finish within the timeout. */
	TIMEOUT,

	/** The executor had no room for the secondary. */
	REJECTED,

	/** The comparison itself failed (the comparator threw). */
	ERROR;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/** Lower-case value, as used in metric tags and JSON. */
	public String tag() {
		return this.tag;
	}

}
