package io.github.phasedmigration.core.backfill;

import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The keys greater than {@code after} and at most {@code last}: what verify reads again to
 * re-check a chunk, with the same keyset pages as the first read.
 *
 * @param after the key before the range, {@code null} for the first key on
 * @param last the range's last key
 */
public record KeyRange<K extends Comparable<? super K>>(@Nullable K after, K last) {

	/** The records of a side in the range, by key. */
	public <R> NavigableMap<K, R> readFrom(BackfillSource<K, R> source, int pageSize) {
		NavigableMap<K, R> records = new TreeMap<>();
		K from = this.after;
		while (true) {
			List<R> page = source.readAfter(from, pageSize);
			for (R record : page) {
				K key = source.keyOf(record);
				if (key.compareTo(this.last) > 0) {
					return records;
				}
				records.put(key, record);
			}
			if (page.size() < pageSize) {
				return records;
			}
			from = source.keyOf(page.get(page.size() - 1));
		}
	}

}
