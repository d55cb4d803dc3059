package io.github.phasedmigration.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.Impl;

/** The journal's counts as gauges, the endpoint and health read them: cached, and kept when a read fails. */
class JournalStatsCacheTest {

	private static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");

	private static final Duration MAX_AGE = Duration.ofSeconds(10);

	private final ScriptedJournal journal = new ScriptedJournal();

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final JournalStatsCache cache = new JournalStatsCache(this.journal, MAX_AGE, this.nanos::get);

	@Test
	void theCountsAreReadOnFirstUseAndThenAtMostOncePerMaxAge() {
		append("k1");
		assertThat(this.cache.of("m")).isEqualTo(new JournalStats(1, 0, T0));
		append("k2");

		this.nanos.addAndGet(MAX_AGE.toNanos() - 1);
		assertThat(this.cache.of("m").pending()).as("still cached").isEqualTo(1);
		assertThat(this.cache.all()).containsOnlyKeys("m");
		assertThat(this.journal.statsReads).hasValue(1);

		this.nanos.addAndGet(1);
		assertThat(this.cache.of("m").pending()).isEqualTo(2);
		assertThat(this.journal.statsReads).hasValue(2);
	}

	@Test
	void aMigrationWithoutEntriesHasEmptyCounts() {
		append("k1");

		assertThat(this.cache.of("unknown")).isEqualTo(JournalStats.EMPTY);
	}

	@Test
	void refreshReadsAtOnce() {
		assertThat(this.cache.all()).isEmpty();
		append("k1");

		this.cache.refresh();

		assertThat(this.cache.of("m").pending()).isEqualTo(1);
		assertThat(this.journal.statsReads).hasValue(2);
	}

	@Test
	void aFailedReadKeepsTheLastCountsAndTellsWhy() {
		append("k1");
		assertThat(this.cache.of("m").pending()).isEqualTo(1);
		this.journal.statsFails = true;
		this.nanos.addAndGet(MAX_AGE.toNanos());

		assertThat(this.cache.of("m").pending()).isEqualTo(1);
		assertThat(this.cache.lastError()).isInstanceOf(IllegalStateException.class).hasMessage("journal down");

		// a journal that is away is asked again only after max age, not on every gauge read
		this.nanos.addAndGet(MAX_AGE.toNanos() - 1);
		this.cache.all();
		assertThat(this.journal.statsReads).hasValue(2);

		this.journal.statsFails = false;
		append("k2");
		this.nanos.addAndGet(1);
		assertThat(this.cache.of("m").pending()).isEqualTo(2);
		assertThat(this.cache.lastError()).isNull();
	}

	@Test
	void aFirstReadThatFailsGivesNoCountsAndTheError() {
		this.journal.statsFails = true;

		assertThat(this.cache.all()).isEmpty();
		assertThat(this.cache.lastError()).hasMessage("journal down");
		assertThat(this.cache.journal()).isSameAs(this.journal);
	}

	private void append(String key) {
		this.journal.append(new NewJournalEntry(T0, "m", Impl.NEW, "com.example.Orders#save(String)", key,
				"[" + key + "]", new Object[] { key }, JournalCause.FAILED, "down"));
	}

}
