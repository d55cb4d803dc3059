package io.github.phasedmigration.core.journal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.reconciliation.Reconciler;
import io.github.phasedmigration.core.reconciliation.ReconcilerLoop;
import io.github.phasedmigration.core.reconciliation.ReconcilerSettings;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.testing.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciler's thread: draining a backlog, surviving a journal that is away, stopping. */
class ReconcilerLoopTest {

	private static final String SAVE = "com.example.Orders#save(String)";

	/** Longer than any test: a test that needs a second poll to pass shows that the loop waited. */
	private static final Duration LONG_POLL = Duration.ofHours(1);

	private static final Duration SHORT_POLL = Duration.ofMillis(10);

	private final ScriptedJournal journal = new ScriptedJournal();

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS,
			new MigrationListener() {
			}, Clock.systemUTC());

	private final JournalStatsCache stats = new JournalStatsCache(this.journal, Duration.ofHours(1));

	/** The argument of every replay attempt, in order. */
	private final List<String> replays = new CopyOnWriteArrayList<>();

	private volatile ReplayTarget target = (entry) -> this.replays.add((String) entry.liveArguments()[0]);

	private @Nullable ReconcilerLoop loop;

	@AfterEach
	void close() {
		if (this.loop != null) {
			this.loop.close();
		}
	}

	@Test
	void aBacklogIsDrainedBatchAfterBatchWithoutWaitingForThePollInterval() {
		// batches of 2 and one key: at least five batches, one poll
		for (int i = 1; i <= 5; i++) {
			append("k1", "k1#" + i);
		}
		append(null, "a");
		append(null, "b");
		assertThat(this.stats.of("m").pending()).isEqualTo(7);

		start(settings(2, Duration.ofSeconds(1)), LONG_POLL);

		await().until(() -> this.journal.delegate.stats().isEmpty());
		assertThat(this.replays).filteredOn((argument) -> argument.startsWith("k1"))
			.containsExactly("k1#1", "k1#2", "k1#3", "k1#4", "k1#5");
		assertThat(this.replays).contains("a", "b").hasSize(7);
		await().untilAsserted(() -> assertThat(this.stats.of("m")).as("counts refreshed after the poll")
			.isEqualTo(JournalStats.EMPTY));
	}

	@Test
	void aBatchThatGotNothingThroughWaitsForTheNextPoll() {
		this.target = (entry) -> {
			this.replays.add((String) entry.liveArguments()[0]);
			throw new IllegalStateException("store down");
		};
		append("k1", "a");

		// no backoff: the entry is due again at once, so only the loop's rule keeps it from spinning
		try (LogCapture log = new LogCapture(Reconciler.LOGGER_NAME)) {
			start(settings(10, Duration.ZERO), LONG_POLL);

			await().until(() -> this.replays.size() == 1);
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
				.until(() -> this.journal.claims.get() == 1 && this.replays.size() == 1);
		}
	}

	@Test
	void theLoopKeepsPollingWhileTheJournalIsAwayAndLogsThatOnce() {
		append("k1", "a");
		this.journal.claimFails = true;

		try (LogCapture log = new LogCapture(Reconciler.LOGGER_NAME)) {
			start(settings(10, Duration.ofSeconds(1)), SHORT_POLL);

			await().until(() -> this.journal.claims.get() >= 3);
			assertThat(this.replays).isEmpty();
			assertThat(log.events(Level.WARN)).singleElement().satisfies((event) -> {
				assertThat(event.getFormattedMessage()).contains("Reconciliation poll failed", "at most once a minute");
				assertThat(event.getThrowableProxy().getMessage()).isEqualTo("journal down");
			});

			this.journal.claimFails = false;

			await().until(() -> this.replays.contains("a") && this.journal.delegate.stats().isEmpty());
			assertThat(this.loop.isRunning()).isTrue();
		}
	}

	@Test
	void closeLetsTheBatchInFlightFinishAndThenStops() throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.target = (entry) -> {
			started.countDown();
			assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
			this.replays.add((String) entry.liveArguments()[0]);
		};
		append(null, "a");
		append(null, "b");
		append(null, "c");
		ReconcilerLoop loop = start(settings(1, Duration.ofSeconds(1)), SHORT_POLL);
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

		Thread closer = new Thread(loop::close, "closer");
		closer.start();
		await().until(() -> !loop.isRunning());
		assertThat(closer.isAlive()).as("close waits for the replay in flight").isTrue();
		release.countDown();
		closer.join(TimeUnit.SECONDS.toMillis(5));

		assertThat(closer.isAlive()).isFalse();
		assertThat(this.replays).containsExactly("a");
		assertThat(this.journal.claims).as("no batch after the one in flight").hasValue(1);
		assertThat(this.journal.delegate.stats().get("m").pending()).isEqualTo(2);
	}

	@Test
	void aLoopThatIsClosedIsNotRunning() {
		ReconcilerLoop loop = start(settings(10, Duration.ofSeconds(1)), LONG_POLL);
		assertThat(loop.isRunning()).isTrue();

		loop.close();

		assertThat(loop.isRunning()).isFalse();
	}

	// ---- helpers

	private ReconcilerLoop start(ReconcilerSettings settings, Duration pollInterval) {
		Reconciler reconciler = new Reconciler(this.journal, (methodId) -> (entry) -> this.target.replay(entry),
				this.registry, settings, Clock.systemUTC());
		this.loop = new ReconcilerLoop(reconciler, this.stats, pollInterval, Duration.ofSeconds(5));
		this.loop.start();
		return this.loop;
	}

	private static ReconcilerSettings settings(int batchSize, Duration backoff) {
		return new ReconcilerSettings(batchSize, Duration.ofSeconds(1), Duration.ofMinutes(1), 10, backoff, backoff,
				2.0);
	}

	private void append(@Nullable String key, String argument) {
		this.journal.append(new NewJournalEntry(Instant.now().minusSeconds(1), "m", Impl.NEW, SAVE, key,
				"[" + argument + "]", new Object[] { argument }, JournalCause.FAILED, "down"));
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5));
	}

}
