package io.github.phasedmigration.core.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the last {@code limit} changes of each migration in memory: bounded, and lost on restart.
 */
public final class InMemoryMigrationHistory implements MigrationHistory {

	/** How many changes per migration the default history keeps. */
	public static final int DEFAULT_LIMIT = 100;

	private final int limit;

	private final Map<String, Deque<ModeChange>> changes = new ConcurrentHashMap<>();

	/** A history of the last {@value #DEFAULT_LIMIT} changes per migration. */
	public InMemoryMigrationHistory() {
		this(DEFAULT_LIMIT);
	}

	/**
	 * A history of the last changes per migration.
	 * @param limit how many changes per migration it keeps, at least 1
	 */
	public InMemoryMigrationHistory(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		this.limit = limit;
	}

	@Override
	public void record(String migration, ModeChange change) {
		Deque<ModeChange> kept = this.changes.computeIfAbsent(migration, (name) -> new ArrayDeque<>());
		synchronized (kept) {
			if (kept.size() == this.limit) {
				kept.removeFirst();
			}
			kept.addLast(change);
		}
	}

	@Override
	public List<ModeChange> changes(String migration) {
		Deque<ModeChange> kept = this.changes.get(migration);
		if (kept == null) {
			return List.of();
		}
		synchronized (kept) {
			return new ArrayList<>(kept);
		}
	}

}
