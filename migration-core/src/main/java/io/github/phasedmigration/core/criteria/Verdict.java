package io.github.phasedmigration.core.criteria;

import java.util.Locale;

/** How a criterion, or a whole window, was judged. */
public enum Verdict {

	/** Measured within the threshold. */
	PASS,

	/** Too few calls to tell. */
	INCONCLUSIVE,

	/** Measured beyond the threshold. */
	FAIL;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/** Lower case, as shown in the endpoint. */
	public String tag() {
		return this.tag;
	}

	/** The verdict of several: any fail fails, else any inconclusive is inconclusive, else pass. */
	static Verdict worst(Verdict a, Verdict b) {
		return (a.ordinal() >= b.ordinal()) ? a : b;
	}

}
