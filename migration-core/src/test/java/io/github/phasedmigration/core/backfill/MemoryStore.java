package io.github.phasedmigration.core.backfill;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;

/**
 * One side of a migration in memory, keyed and ordered by id, that records every call and lets a
 * test act at given moments: before a write (to fail it, block it or race it) and at the n-th read
 * of a key (a concurrent writer).
 */
final class MemoryStore implements BackfillStore<Long, Item> {

	final ConcurrentSkipListMap<Long, Item> records = new ConcurrentSkipListMap<>();

	/** The {@code after} of every read, in order. */
	final List<@Nullable Long> readsAfter = new CopyOnWriteArrayList<>();

	/** The keys of every {@code insertMissing}, {@code upsert} and {@code delete}. */
	final List<List<Long>> inserts = new CopyOnWriteArrayList<>();

	final List<List<Long>> upserts = new CopyOnWriteArrayList<>();

	final List<List<Long>> deletes = new CopyOnWriteArrayList<>();

	/** Runs before every write with its records: may throw, block or write elsewhere. */
	volatile Consumer<List<Item>> beforeWrite = (records) -> {
	};

	/** Runs before every read with its {@code after}: may throw or block. */
	volatile Consumer<@Nullable Long> beforeRead = (after) -> {
	};

	private final Map<Long, ReadAction> readActions = new ConcurrentHashMap<>();

	static MemoryStore of(long from, long to) {
		MemoryStore store = new MemoryStore();
		for (long id = from; id <= to; id++) {
			store.records.put(id, Item.of(id));
		}
		return store;
	}

	static MemoryStore copyOf(MemoryStore other) {
		MemoryStore store = new MemoryStore();
		store.records.putAll(other.records);
		return store;
	}

	void put(long id, String name) {
		this.records.put(id, new Item(id, name));
	}

	/**
	 * Runs {@code action} before the {@code nth} read whose range covers {@code key} (whether a
	 * record of it is there or not), then reads.
	 */
	void atRead(long key, int nth, Runnable action) {
		this.readActions.put(key, new ReadAction(nth, action, new AtomicInteger()));
	}

	Map<Long, Item> snapshot() {
		return new TreeMap<>(this.records);
	}

	@Override
	public List<Item> readAfter(@Nullable Long after, int limit) {
		this.readsAfter.add(after);
		this.beforeRead.accept(after);
		List<Item> page = page(after, limit);
		for (Map.Entry<Long, ReadAction> entry : this.readActions.entrySet()) {
			ReadAction action = entry.getValue();
			long key = entry.getKey();
			boolean coversKey = (after == null || after < key)
					&& (page.size() < limit || page.get(page.size() - 1).id() >= key);
			if (coversKey && action.reads().incrementAndGet() == action.nth()) {
				action.action().run();
				page = page(after, limit);
			}
		}
		return page;
	}

	private List<Item> page(@Nullable Long after, int limit) {
		Map<Long, Item> rest = (after != null) ? this.records.tailMap(after, false) : this.records;
		return rest.values().stream().limit(limit).toList();
	}

	@Override
	public Long keyOf(Item record) {
		return record.id();
	}

	@Override
	public long estimateCount() {
		return this.records.size();
	}

	@Override
	public void upsert(List<Item> records) {
		this.beforeWrite.accept(records);
		this.upserts.add(keys(records));
		records.forEach((item) -> this.records.put(item.id(), item));
	}

	@Override
	public void insertMissing(List<Item> records) {
		this.beforeWrite.accept(records);
		this.inserts.add(keys(records));
		records.forEach((item) -> this.records.putIfAbsent(item.id(), item));
	}

	@Override
	public void delete(List<Long> keys) {
		this.deletes.add(List.copyOf(keys));
		keys.forEach(this.records::remove);
	}

	static List<Long> keys(List<Item> records) {
		return records.stream().map(Item::id).toList();
	}

	static List<Long> range(long from, long to) {
		return LongStream.rangeClosed(from, to).boxed().toList();
	}

	private record ReadAction(int nth, Runnable action, AtomicInteger reads) {
	}

}
