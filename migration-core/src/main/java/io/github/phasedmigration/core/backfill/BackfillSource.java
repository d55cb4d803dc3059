package io.github.phasedmigration.core.backfill;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Reads one side's records in ascending key order, a page at a time after a given key (keyset
 * pagination: never OFFSET, so a page costs the same at the end as at the start).
 *
 * @param <K> the key: the migration key of the entity, what the journal keys its entries by
 * @param <R> a record, the same type on both sides so that they can be compared
 */
public interface BackfillSource<K extends Comparable<? super K>, R> {

	/**
	 * Up to {@code limit} records whose key is greater than {@code after}, ascending by key.
	 * @param after the last key already read; {@code null} to start from the first record
	 * @param limit how many at most, at least 1
	 * @return fewer than {@code limit} records only at the end
	 */
	List<R> readAfter(@Nullable K after, int limit);

	/** The key of a record. */
	K keyOf(R record);

	/** How many records there are, roughly, for progress and ETA; negative when unknown. */
	default long estimateCount() {
		return -1;
	}

}
