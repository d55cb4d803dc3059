package io.github.phasedmigration.core.backfill.verify;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;

import io.github.phasedmigration.core.backfill.KeyRange;

/**
 * A chunk of verify: the next keys held by either side, with both sides' records of them.
 *
 * @param range from the key after the previous chunk's last to this one's last
 * @param keys the keys, in order
 * @param oldRecords old's records of them
 * @param newRecords new's records of them
 */
record Window<K extends Comparable<? super K>, R>(KeyRange<K> range, NavigableSet<K> keys, Map<K, R> oldRecords,
		Map<K, R> newRecords) {

	/**
	 * The smallest range that holds some of the chunk's keys: from the chunk's key before the
	 * first of them, so that a re-read skips what comes before.
	 */
	KeyRange<K> around(Collection<K> some) {
		K first = Collections.min(some);
		K before = this.keys.lower(first);
		return new KeyRange<>((before != null) ? before : this.range.after(), Collections.max(some));
	}

}
