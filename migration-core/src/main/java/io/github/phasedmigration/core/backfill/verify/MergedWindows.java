package io.github.phasedmigration.core.backfill.verify;

import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.KeyRange;

/**
 * The merge-join of verify: both sides read in key order side by side, cut into chunks of keys
 * held by either side. Memory holds a page of each side and one chunk, whatever the tables' size.
 */
final class MergedWindows<K extends Comparable<? super K>, R> {

	private final PagedCursor<K, R> oldRecords;

	private final PagedCursor<K, R> newRecords;

	private final int size;

	private @Nullable K after;

	/**
	 * @param size keys per chunk, and records per page of each side
	 */
	MergedWindows(Backfill<K, R> backfill, int size) {
		this.oldRecords = new PagedCursor<>(backfill.oldSource(), "old", size);
		this.newRecords = new PagedCursor<>(backfill.newSource(), "new", size);
		this.size = size;
	}

	/** The next chunk; {@code null} when both sides are at their end. */
	@Nullable Window<K, R> next() {
		NavigableSet<K> keys = new TreeSet<>();
		Map<K, R> olds = new TreeMap<>();
		Map<K, R> news = new TreeMap<>();
		while (keys.size() < this.size) {
			K oldKey = this.oldRecords.peekKey();
			K newKey = this.newRecords.peekKey();
			K key = smaller(oldKey, newKey);
			if (key == null) {
				break;
			}
			if (oldKey != null && oldKey.compareTo(key) == 0) {
				olds.put(key, this.oldRecords.take());
			}
			if (newKey != null && newKey.compareTo(key) == 0) {
				news.put(key, this.newRecords.take());
			}
			keys.add(key);
		}
		if (keys.isEmpty()) {
			return null;
		}
		Window<K, R> window = new Window<>(new KeyRange<>(this.after, keys.last()), keys, olds, news);
		this.after = keys.last();
		return window;
	}

	private @Nullable K smaller(@Nullable K a, @Nullable K b) {
		if (a == null || b == null) {
			return (a != null) ? a : b;
		}
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
