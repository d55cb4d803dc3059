package io.github.phasedmigration.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.Impl;

/** The claiming contract of {@link WriteJournal}, as the in-memory journal keeps it. */
class InMemoryWriteJournalTest {

	private static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");

	private static final Duration LEASE = Duration.ofMinutes(1);

	private final InMemoryWriteJournal journal = new InMemoryWriteJournal();

	// ---- claiming

	@Test
	void onlyTheOldestEntryOfAKeyIsClaimedAndTheNextOneOnceItIsSettled() {
		long first = append("m", "k1");
		long second = append("m", "k1");
		long otherKey = append("m", "k2");
		long otherMigration = append("other", "k1");

		List<JournalEntry> claimed = this.journal.claim(10, LEASE, T0);
		assertThat(ids(claimed)).containsExactly(first, otherKey, otherMigration);
		assertThat(this.journal.claim(10, LEASE, T0)).as("claimed entries are leased, their keys held").isEmpty();

		this.journal.replayed(List.of(claimed.get(0)));

		assertThat(ids(this.journal.claim(10, LEASE, T0))).containsExactly(second);
	}

	@Test
	void anEntryThatWaitsForItsNextAttemptStillHoldsItsKeyBack() {
		long first = append("m", "k1");
		append("m", "k1");
		JournalEntry claimed = this.journal.claim(10, LEASE, T0).get(0);

		this.journal.retryLater(claimed, "still down", T0.plusSeconds(10));

		assertThat(this.journal.claim(10, LEASE, T0.plusSeconds(5))).isEmpty();
		assertThat(ids(this.journal.claim(10, LEASE, T0.plusSeconds(10)))).containsExactly(first);
	}

	@Test
	void aParkedEntryHoldsItsKeyBackUntilItIsRetriedOrDiscarded() {
		long first = append("m", "k1");
		long second = append("m", "k1");
		this.journal.park(this.journal.claim(10, LEASE, T0).get(0), "gave up");

		assertThat(this.journal.claim(10, LEASE, T0.plusSeconds(60))).isEmpty();

		assertThat(this.journal.retryParked("m", null, T0.plusSeconds(60))).isEqualTo(1);
		List<JournalEntry> retried = this.journal.claim(10, LEASE, T0.plusSeconds(60));
		assertThat(ids(retried)).containsExactly(first);
		this.journal.park(retried.get(0), "gave up again");
		assertThat(this.journal.discardParked("m", null)).isEqualTo(1);
		assertThat(ids(this.journal.claim(10, LEASE, T0.plusSeconds(60)))).containsExactly(second);
	}

	@Test
	void entriesWithoutAKeyAreClaimedInIdOrderAndNotHeldBack() {
		long first = append("m", null);
		long second = append("m", null);
		long third = append("m", null);
		this.journal.park(this.journal.claim(1, LEASE, T0).get(0), "gave up");

		assertThat(ids(this.journal.claim(10, LEASE, T0))).containsExactly(second, third);
		assertThat(ids(this.journal.parked("m", 0, 10))).containsExactly(first);
	}

	@Test
	void aClaimTakesAtMostTheBatchOldestFirst() {
		long first = append("m", null);
		long second = append("m", null);
		long third = append("m", null);

		assertThat(ids(this.journal.claim(2, LEASE, T0))).containsExactly(first, second);
		assertThat(ids(this.journal.claim(2, LEASE, T0))).containsExactly(third);
	}

	@Test
	void anEntryIsClaimedOnlyOnceItsNextAttemptIsDue() {
		long id = append("m", "k1");
		JournalEntry claimed = this.journal.claim(10, LEASE, T0).get(0);
		this.journal.retryLater(claimed, "still down", T0.plusSeconds(10));

		assertThat(this.journal.claim(10, LEASE, T0.plusSeconds(10).minusNanos(1))).isEmpty();
		assertThat(this.journal.claim(10, LEASE, T0.plusSeconds(10))).singleElement().satisfies((entry) -> {
			assertThat(entry.id()).isEqualTo(id);
			assertThat(entry.lastError()).isEqualTo("still down");
			assertThat(entry.nextAttemptAt()).isEqualTo(T0.plusSeconds(10));
		});
	}

	@Test
	void anEntryAppendedWithALaterTimeIsNotDueBeforeIt() {
		this.journal.append(newEntry("m", "k1", T0.plusSeconds(5)));

		assertThat(this.journal.claim(10, LEASE, T0)).isEmpty();
		assertThat(this.journal.claim(10, LEASE, T0.plusSeconds(5))).hasSize(1);
	}

	@Test
	void anEntryWhoseLeaseEndedIsClaimedAgainWithTheAttemptCounted() {
		long id = append("m", "k1");
		assertThat(this.journal.claim(10, LEASE, T0)).singleElement().satisfies((entry) -> {
			assertThat(entry.status()).isEqualTo(JournalStatus.REPLAYING);
			assertThat(entry.attempts()).isEqualTo(1);
		});

		assertThat(this.journal.claim(10, LEASE, T0.plus(LEASE))).as("the lease still holds").isEmpty();
		assertThat(this.journal.claim(10, LEASE, T0.plus(LEASE).plusNanos(1))).singleElement().satisfies((entry) -> {
			assertThat(entry.id()).isEqualTo(id);
			assertThat(entry.status()).isEqualTo(JournalStatus.REPLAYING);
			assertThat(entry.attempts()).isEqualTo(2);
		});
	}

	@Test
	void attemptsAreCountedAcrossRetries() {
		append("m", "k1");
		JournalEntry first = this.journal.claim(10, LEASE, T0).get(0);
		this.journal.retryLater(first, "down", T0);
		JournalEntry second = this.journal.claim(10, LEASE, T0).get(0);
		this.journal.retryLater(second, "down", T0);

		assertThat(this.journal.claim(10, LEASE, T0)).singleElement()
			.extracting(JournalEntry::attempts)
			.isEqualTo(3);
	}

	@Test
	void aClaimerWhoseLeaseEndedCannotGiveBackTheEntryThatAnotherClaimerHolds() {
		append("m", "k1");
		JournalEntry staleClaim = this.journal.claim(10, LEASE, T0).get(0);
		Instant takeover = T0.plus(LEASE).plusSeconds(1);
		assertThat(this.journal.claim(10, LEASE, takeover)).as("taken over").hasSize(1);

		// the first claimer wakes up and settles the entry it no longer holds
		this.journal.retryLater(staleClaim, "down", takeover);

		assertThat(this.journal.claim(10, LEASE, takeover.plusSeconds(1)))
			.as("the second claimer still replays it: nobody else may (I4)")
			.isEmpty();
	}

	@Test
	void hasEntriesSeesPendingReplayingAndParkedEntriesOfItsMigrationAndKeyOnly() {
		append("m", "pending");
		append("m", "replaying");
		append("m", "parked");
		List<JournalEntry> claimed = this.journal.claim(10, LEASE, T0);
		this.journal.retryLater(claimed.get(0), "down", T0.plusSeconds(1));
		this.journal.park(claimed.get(2), "gave up");

		assertThat(this.journal.hasEntries("m", "pending")).isTrue();
		assertThat(this.journal.hasEntries("m", "replaying")).isTrue();
		assertThat(this.journal.hasEntries("m", "parked")).isTrue();
		assertThat(this.journal.hasEntries("m", "other")).isFalse();
		assertThat(this.journal.hasEntries("other", "pending")).isFalse();

		this.journal.replayed(List.of(claimed.get(1)));
		assertThat(this.journal.hasEntries("m", "replaying")).isFalse();
	}

	@Test
	void anEntryKeepsWhatWasAppended() {
		Object[] live = { "k1", 42 };
		long id = this.journal.append(new NewJournalEntry(T0, "m", Impl.OLD, "Orders#save", "k1", "encoded", live,
				JournalCause.QUEUED, "queued behind 1"));

		assertThat(this.journal.claim(10, LEASE, T0)).singleElement().satisfies((entry) -> {
			assertThat(entry.id()).isEqualTo(id);
			assertThat(entry.migration()).isEqualTo("m");
			assertThat(entry.impl()).isEqualTo(Impl.OLD);
			assertThat(entry.method()).isEqualTo("Orders#save");
			assertThat(entry.key()).isEqualTo("k1");
			assertThat(entry.arguments()).isEqualTo("encoded");
			assertThat(entry.liveArguments()).isSameAs(live);
			assertThat(entry.cause()).isEqualTo(JournalCause.QUEUED);
			assertThat(entry.lastError()).isEqualTo("queued behind 1");
			assertThat(entry.createdAt()).isEqualTo(T0);
		});
		assertThat(this.journal.durable()).isFalse();
	}

	// ---- stats

	@Test
	void statsCountPendingAndParkedPerMigrationWithTheOldestPendingEntry() {
		assertThat(this.journal.stats()).isEmpty();
		this.journal.append(newEntry("m", "k1", T0));
		this.journal.append(newEntry("m", "k2", T0.plusSeconds(1)));
		this.journal.append(newEntry("m", "k3", T0.plusSeconds(2)));
		this.journal.append(newEntry("only-parked", "k1", T0.plusSeconds(3)));
		List<JournalEntry> claimed = this.journal.claim(10, LEASE, T0.plusSeconds(3));
		this.journal.park(claimed.get(0), "gave up"); // m's oldest
		this.journal.park(claimed.get(3), "gave up");
		// the other two of m stay REPLAYING: still pending for the counts

		Map<String, JournalStats> stats = this.journal.stats();

		assertThat(stats).containsOnlyKeys("m", "only-parked");
		assertThat(stats.get("m")).isEqualTo(new JournalStats(2, 1, T0.plusSeconds(1)));
		assertThat(stats.get("only-parked")).isEqualTo(new JournalStats(0, 1, null));
	}

	// ---- parked entries

	@Test
	void parkedEntriesArePagedOldestFirstPerMigration() {
		List<Long> parked = parkEntries("m", 5);
		parkEntries("other", 1);

		assertThat(ids(this.journal.parked("m", 0, 2))).containsExactly(parked.get(0), parked.get(1));
		assertThat(ids(this.journal.parked("m", 1, 2))).containsExactly(parked.get(2), parked.get(3));
		assertThat(ids(this.journal.parked("m", 2, 2))).containsExactly(parked.get(4));
		assertThat(this.journal.parked("m", 3, 2)).isEmpty();
		assertThat(this.journal.parked("m", 0, 10)).allSatisfy((entry) -> {
			assertThat(entry.status()).isEqualTo(JournalStatus.PARKED);
			assertThat(entry.lastError()).isEqualTo("gave up");
		});
	}

	@Test
	void pendingEntriesAreNotListedAsParked() {
		append("m", "k1");

		assertThat(this.journal.parked("m", 0, 10)).isEmpty();
	}

	@Test
	void retryingParkedEntriesByIdMakesOnlyThosePendingAgainDueNowWithTheirAttemptsReset() {
		List<Long> parked = parkEntries("m", 3);
		long pending = append("m", "pending");
		Instant now = T0.plusSeconds(100);

		assertThat(this.journal.retryParked("m", List.of(parked.get(1), pending, 999L), now)).isEqualTo(1);

		assertThat(ids(this.journal.parked("m", 0, 10))).containsExactly(parked.get(0), parked.get(2));
		assertThat(this.journal.claim(10, LEASE, now)).filteredOn((entry) -> entry.id() == parked.get(1))
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.attempts()).as("reset, then this claim").isEqualTo(1);
				assertThat(entry.nextAttemptAt()).isEqualTo(now);
				assertThat(entry.lastError()).as("kept for the person who looks next").isEqualTo("gave up");
			});
	}

	@Test
	void retryingWithoutIdsTakesEveryParkedEntryOfTheMigrationOnly() {
		parkEntries("m", 3);
		parkEntries("other", 2);

		assertThat(this.journal.retryParked("m", null, T0)).isEqualTo(3);

		assertThat(this.journal.parked("m", 0, 10)).isEmpty();
		assertThat(this.journal.parked("other", 0, 10)).hasSize(2);
		assertThat(this.journal.stats().get("m")).isEqualTo(new JournalStats(3, 0, T0));
	}

	@Test
	void discardingParkedEntriesByIdDeletesOnlyThose() {
		List<Long> parked = parkEntries("m", 3);
		long pending = append("m", "pending");

		assertThat(this.journal.discardParked("m", List.of(parked.get(0), pending))).isEqualTo(1);

		assertThat(ids(this.journal.parked("m", 0, 10))).containsExactly(parked.get(1), parked.get(2));
		assertThat(this.journal.hasEntries("m", "pending")).as("pending entries are never discarded").isTrue();
	}

	@Test
	void discardingWithoutIdsDeletesEveryParkedEntryOfTheMigrationOnly() {
		parkEntries("m", 3);
		parkEntries("other", 2);
		append("m", "pending");

		assertThat(this.journal.discardParked("m", null)).isEqualTo(3);

		assertThat(this.journal.stats().get("m")).isEqualTo(new JournalStats(1, 0, T0));
		assertThat(this.journal.parked("other", 0, 10)).hasSize(2);
	}

	// ---- helpers

	private long append(String migration, @Nullable String key) {
		return this.journal.append(newEntry(migration, key, T0));
	}

	private static NewJournalEntry newEntry(String migration, @Nullable String key, Instant time) {
		return new NewJournalEntry(time, migration, Impl.NEW, "Orders#save", key, "[" + key + "]",
				new Object[] { key }, JournalCause.FAILED, "down");
	}

	/** Appends and parks that many keyless entries (while nothing else is due); returns their ids. */
	private List<Long> parkEntries(String migration, int count) {
		for (int i = 0; i < count; i++) {
			append(migration, null);
		}
		List<Long> ids = new ArrayList<>();
		for (JournalEntry entry : this.journal.claim(1000, LEASE, T0)) {
			this.journal.park(entry, "gave up");
			ids.add(entry.id());
		}
		return ids;
	}

	private static List<Long> ids(List<JournalEntry> entries) {
		return entries.stream().map(JournalEntry::id).toList();
	}

}
