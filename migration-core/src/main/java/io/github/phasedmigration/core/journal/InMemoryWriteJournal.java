package io.github.phasedmigration.core.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A journal in this process's memory, for applications without a {@code DataSource}: entries are
 * replayed as long as the process lives and are lost when it stops. It keeps the caller's argument
 * objects themselves, so it needs no serialization. Same claiming rules as a durable journal.
 */
public final class InMemoryWriteJournal implements WriteJournal {

	private final TreeMap<Long, Stored> entries = new TreeMap<>();

	private long nextId = 1;

	@Override
	public synchronized long append(NewJournalEntry entry) {
		long id = this.nextId++;
		this.entries.put(id, new Stored(new JournalEntry(id, entry.migration(), entry.impl(), entry.method(),
				entry.key(), entry.arguments(), entry.cause(), entry.error(), 0, JournalStatus.PENDING, entry.time(),
				entry.time(), entry.time(), entry.liveArguments()), null));
		return id;
	}

	@Override
	public synchronized boolean hasEntries(String migration, String key) {
		for (Stored stored : this.entries.values()) {
			if (stored.entry.migration().equals(migration) && key.equals(stored.entry.key())) {
				return true;
			}
		}
		return false;
	}

	@Override
	public synchronized List<JournalEntry> claim(int max, Duration lease, Instant now) {
		List<JournalEntry> claimed = new ArrayList<>();
		Set<String> keysSeen = new HashSet<>();
		for (Stored stored : this.entries.values()) {
			if (claimed.size() >= max) {
				break;
			}
			JournalEntry entry = stored.entry;
			// only the oldest entry of a key, whatever its status
			boolean oldestOfKey = entry.key() == null || keysSeen.add(entry.migration() + '\u0000' + entry.key());
			boolean due = (entry.status() == JournalStatus.PENDING && !entry.nextAttemptAt().isAfter(now))
					|| (entry.status() == JournalStatus.REPLAYING && stored.leaseUntil != null
							&& stored.leaseUntil.isBefore(now));
			if (oldestOfKey && due) {
				JournalEntry replaying = with(entry, JournalStatus.REPLAYING, entry.attempts() + 1, entry.lastError(),
						entry.nextAttemptAt(), now);
				this.entries.put(entry.id(), new Stored(replaying, now.plus(lease)));
				claimed.add(replaying);
			}
		}
		return claimed;
	}

	@Override
	public synchronized void replayed(Collection<JournalEntry> replayed) {
		for (JournalEntry entry : replayed) {
			if (stillClaimed(entry) != null) {
				this.entries.remove(entry.id());
			}
		}
	}

	/** The stored entry when the claim that returned {@code entry} still holds it, else {@code null}. */
	private @Nullable Stored stillClaimed(JournalEntry entry) {
		Stored stored = this.entries.get(entry.id());
		// a claim is known by its time: an entry taken over after its lease ended has a newer one
		boolean held = stored != null && stored.entry.status() == JournalStatus.REPLAYING
				&& stored.entry.updatedAt().equals(entry.updatedAt());
		return held ? stored : null;
	}

	@Override
	public synchronized void retryLater(JournalEntry entry, String error, Instant nextAttemptAt) {
		Stored stored = stillClaimed(entry);
		if (stored != null) {
			this.entries.put(entry.id(), new Stored(with(stored.entry, JournalStatus.PENDING, stored.entry.attempts(),
					error, nextAttemptAt, Instant.now()), null));
		}
	}

	@Override
	public synchronized void park(JournalEntry entry, String error) {
		Stored stored = stillClaimed(entry);
		if (stored != null) {
			this.entries.put(entry.id(), new Stored(with(stored.entry, JournalStatus.PARKED, stored.entry.attempts(),
					error, stored.entry.nextAttemptAt(), Instant.now()), null));
		}
	}

	@Override
	public synchronized Map<String, JournalStats> stats() {
		Map<String, JournalStats> stats = new LinkedHashMap<>();
		for (Stored stored : this.entries.values()) {
			JournalEntry entry = stored.entry;
			JournalStats current = stats.getOrDefault(entry.migration(), JournalStats.EMPTY);
			if (entry.status() == JournalStatus.PARKED) {
				stats.put(entry.migration(),
						new JournalStats(current.pending(), current.parked() + 1, current.oldestPending()));
			}
			else {
				Instant oldest = current.oldestPending();
				stats.put(entry.migration(), new JournalStats(current.pending() + 1, current.parked(),
						(oldest == null || entry.createdAt().isBefore(oldest)) ? entry.createdAt() : oldest));
			}
		}
		return stats;
	}

	@Override
	public synchronized List<JournalEntry> parked(String migration, int page, int size) {
		return this.entries.values()
			.stream()
			.map(Stored::entry)
			.filter((entry) -> entry.migration().equals(migration) && entry.status() == JournalStatus.PARKED)
			.skip((long) page * size)
			.limit(size)
			.toList();
	}

	@Override
	public synchronized int retryParked(String migration, @Nullable Collection<Long> ids, Instant now) {
		int changed = 0;
		for (Stored stored : List.copyOf(this.entries.values())) {
			JournalEntry entry = stored.entry;
			if (isParked(entry, migration, ids)) {
				this.entries.put(entry.id(),
						new Stored(with(entry, JournalStatus.PENDING, 0, entry.lastError(), now, now), null));
				changed++;
			}
		}
		return changed;
	}

	@Override
	public synchronized int discardParked(String migration, @Nullable Collection<Long> ids) {
		int removed = 0;
		for (Stored stored : List.copyOf(this.entries.values())) {
			if (isParked(stored.entry, migration, ids)) {
				this.entries.remove(stored.entry.id());
				removed++;
			}
		}
		return removed;
	}

	@Override
	public boolean durable() {
		return false;
	}

	private static boolean isParked(JournalEntry entry, String migration, @Nullable Collection<Long> ids) {
		return entry.migration().equals(migration) && entry.status() == JournalStatus.PARKED
				&& (ids == null || ids.contains(entry.id()));
	}

	private static JournalEntry with(JournalEntry entry, JournalStatus status, int attempts, String lastError,
			Instant nextAttemptAt, Instant updatedAt) {
		return new JournalEntry(entry.id(), entry.migration(), entry.impl(), entry.method(), entry.key(),
				entry.arguments(), entry.cause(), lastError, attempts, status, nextAttemptAt, entry.createdAt(),
				updatedAt, entry.liveArguments());
	}

	private record Stored(JournalEntry entry, @Nullable Instant leaseUntil) {
	}

}
