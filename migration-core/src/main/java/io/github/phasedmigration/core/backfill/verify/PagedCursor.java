package io.github.phasedmigration.core.backfill.verify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.backfill.BackfillSource;

/** One side's records in key order, one at a time, read a keyset page at a time. */
final class PagedCursor<K extends Comparable<? super K>, R> {

	private final BackfillSource<K, R> source;

	private final String side;

	private final int pageSize;

	private final Deque<R> page = new ArrayDeque<>();

	private @Nullable K lastRead;

	private boolean ended;

	/**
	 * @param side {@code old} or {@code new}, for messages
	 */
	PagedCursor(BackfillSource<K, R> source, String side, int pageSize) {
		this.source = source;
		this.side = side;
		this.pageSize = pageSize;
	}

	/** The key of the next record, reading a page when needed; {@code null} at the end. */
	@Nullable K peekKey() {
		if (this.page.isEmpty() && !this.ended) {
			readPage();
		}
		R next = this.page.peekFirst();
		return (next != null) ? this.source.keyOf(next) : null;
	}

	/** The next record; call {@link #peekKey()} first. */
	R take() {
		return this.page.removeFirst();
	}

	private void readPage() {
		List<R> records = this.source.readAfter(this.lastRead, this.pageSize);
		for (R record : records) {
			K key = this.source.keyOf(record);
			if (this.lastRead != null && key.compareTo(this.lastRead) <= 0) {
				// a merge of unordered keys would report differences that are not there
				throw new IllegalStateException(this.side + "'s source returned key " + key + " after key "
						+ this.lastRead + ": readAfter must return keys greater than its 'after', in ascending order");
			}
			this.lastRead = key;
			this.page.addLast(record);
		}
		this.ended = records.size() < this.pageSize;
	}

}
