package io.github.phasedmigration.journal.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.journal.ForwardingWriteJournal;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link EntryHintsJournal} over a journal in memory that counts what it is asked;
 * {@link JdbcWriteJournalTests} runs it on the real databases, with appends in flight.
 */
class EntryHintsJournalTests {

	private static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");

	private final CountingJournal table = new CountingJournal(new InMemoryWriteJournal());

	private final EntryHintsJournal journal = new EntryHintsJournal(this.table);

	@Test
	void firstHasEntriesReadsTheStatsThenAsksOnlyAboutMigrationsThatMayHaveEntries() {
		this.table.append(entry("m", "k1"));

		assertThat(this.journal.hasEntries("m", "k1")).isTrue();
		assertThat(this.journal.hasEntries("unknown", "k1")).isFalse();
		assertThat(this.table.stats).hasValue(1);
		assertThat(this.table.hasEntries).as("only about m").hasValue(1);
	}

	@Test
	void anAppendRaisesTheHintAtOnceAndStatsWithoutEntriesLowerIt() {
		assertThat(this.journal.hasEntries("m", "k1")).isFalse();
		this.journal.append(entry("m", "k1"));
		assertThat(this.journal.hasEntries("m", "k1")).isTrue();

		this.table.replayed(this.table.claim(10, Duration.ofMinutes(1), T0));
		assertThat(this.journal.stats()).isEmpty();
		assertThat(this.journal.hasEntries("m", "k1")).isFalse();
		assertThat(this.table.hasEntries).as("asked once, while m had an entry").hasValue(1);
	}

	@Test
	void entriesThatAnotherInstanceAppendedAreSeenFromTheNextStatsOn() {
		assertThat(this.journal.hasEntries("m", "k1")).isFalse();
		this.table.append(entry("m", "k1"));
		assertThat(this.journal.hasEntries("m", "k1")).isFalse();

		assertThat(this.journal.stats()).containsOnlyKeys("m");
		assertThat(this.journal.hasEntries("m", "k1")).isTrue();
	}

	@Test
	void aFailedAppendLeavesTheHintRaised() {
		// an append that failed may still have committed: only a later stats() may lower the hint
		this.journal.stats();
		this.table.failAppends = true;
		assertThatIllegalStateException().isThrownBy(() -> this.journal.append(entry("m", "k1")));
		assertThat(this.journal.hasEntries("m", "k1")).isFalse();
		assertThat(this.table.hasEntries).as("asked").hasValue(1);
	}

	private static NewJournalEntry entry(String migration, String key) {
		return new NewJournalEntry(T0, migration, Impl.NEW, "Svc.save(String)", key, "[1]", new Object[0],
				JournalCause.FAILED, "boom");
	}

	private static final class CountingJournal extends ForwardingWriteJournal {

		final AtomicInteger hasEntries = new AtomicInteger();

		final AtomicInteger stats = new AtomicInteger();

		boolean failAppends;

		CountingJournal(WriteJournal journal) {
			super(journal);
		}

		@Override
		public long append(NewJournalEntry entry) {
			if (this.failAppends) {
				throw new IllegalStateException("the database is away");
			}
			return super.append(entry);
		}

		@Override
		public boolean hasEntries(String migration, String key) {
			this.hasEntries.incrementAndGet();
			return super.hasEntries(migration, key);
		}

		@Override
		public Map<String, JournalStats> stats() {
			this.stats.incrementAndGet();
			return super.stats();
		}

	}

}
