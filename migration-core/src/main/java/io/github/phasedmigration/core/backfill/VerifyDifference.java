package io.github.phasedmigration.core.backfill;

import java.util.List;
import java.util.Objects;

/**
 * One key whose records differ, as listed in a {@link VerifyReport}.
 *
 * @param kind how they differ
 * @param key the key, as text (the {@link KeyCodec}'s)
 * @param differences what differs: the comparator's findings, or the record that only one side
 * holds, rendered and cut like a discrepancy's
 */
public record VerifyDifference(Kind kind, String key, List<String> differences) {

	public VerifyDifference {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(key, "key");
		differences = List.copyOf(differences);
	}

	/** How the two sides' records of one key differ. */
	public enum Kind {

		/** Old holds a record of the key, new does not. */
		ONLY_IN_OLD,

		/** New holds a record of the key, old does not. */
		ONLY_IN_NEW,

		/** Both hold one, and the migration's comparator says they differ. */
		DIFFERENT

	}

}
