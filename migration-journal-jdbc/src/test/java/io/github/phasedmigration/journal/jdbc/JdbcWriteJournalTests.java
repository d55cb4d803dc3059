package io.github.phasedmigration.journal.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.JournalStatus;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases.Database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link JdbcWriteJournal} on each real database: PostgreSQL, MariaDB and H2.
 */
class JdbcWriteJournalTests {

	@RegisterExtension
	static final RealDatabases databases = new RealDatabases();

	private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

	private static final Duration LEASE = Duration.ofMinutes(1);

	private static final String METHOD = "io.example.PaymentLedger#markPaid(long,java.lang.String)";

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private final Logger journalLogger = (Logger) LoggerFactory.getLogger(JdbcWriteJournal.class);

	@BeforeEach
	void captureWarnings() {
		this.logged.start();
		this.journalLogger.addAppender(this.logged);
	}

	@AfterEach
	void releaseWarnings() {
		this.journalLogger.detachAppender(this.logged);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void schemaScriptRunsTwiceAndCreatesTheIndexes(Database database) throws SQLException {
		DataSource dataSource = databases.dataSource(database);
		createSchema(dataSource, database);
		createSchema(dataSource, database);
		try (Connection connection = dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			String table = metaData.storesUpperCaseIdentifiers() ? "MIGRATION_JOURNAL" : "migration_journal";
			Set<String> indexes = new HashSet<>();
			try (ResultSet rs = metaData.getIndexInfo(connection.getCatalog(), null, table, false, false)) {
				while (rs.next()) {
					String name = rs.getString("INDEX_NAME");
					if (name != null) {
						indexes.add(name.toLowerCase(Locale.ROOT));
					}
				}
			}
			assertThat(indexes).contains("migration_journal_due", "migration_journal_key");
		}
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void detectsTheClaimStrategyOfTheDatabase(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		assertThat(journal.claimStrategy())
			.isEqualTo((database == Database.H2) ? ClaimStrategy.CONDITIONAL_UPDATE : ClaimStrategy.SKIP_LOCKED);
		assertThat(journal.durable()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void appendClaimAndReplayedRoundTripEveryColumn(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		String arguments = "[\"caf\u00e9 \u2603 \ud83d\ude00\"," + "x".repeat(100_000) + "]";
		String error = "E".repeat(JournalColumns.MAX_ERROR_LENGTH + 500);
		long id = journal.append(new NewJournalEntry(T0, "customer-source", Impl.OLD, METHOD, "customer-42", arguments,
				new Object[] { 42L, "x" }, JournalCause.QUEUED, error));

		Map<String, Object> stored = row(database, id);
		assertThat(stored.get("status")).isEqualTo("PENDING");
		assertThat(stored.get("impl")).isEqualTo("old");
		assertThat(stored.get("cause")).isEqualTo("queued");
		assertThat(((Number) stored.get("next_attempt_at")).longValue()).isEqualTo(T0.toEpochMilli());
		assertThat(stored.get("lease_until")).isNull();
		assertThat(stored.get("claimed_by")).isNull();

		Instant now = T0.plusSeconds(1);
		List<JournalEntry> claimed = journal.claim(10, LEASE, now);
		assertThat(claimed).hasSize(1);
		JournalEntry entry = claimed.get(0);
		assertThat(entry.id()).isEqualTo(id);
		assertThat(entry.migration()).isEqualTo("customer-source");
		assertThat(entry.impl()).isEqualTo(Impl.OLD);
		assertThat(entry.method()).isEqualTo(METHOD);
		assertThat(entry.key()).isEqualTo("customer-42");
		assertThat(entry.arguments()).isEqualTo(arguments);
		assertThat(entry.cause()).isEqualTo(JournalCause.QUEUED);
		assertThat(entry.lastError()).hasSize(JournalColumns.MAX_ERROR_LENGTH).startsWith("EEE").endsWith("...");
		assertThat(entry.attempts()).isEqualTo(1);
		assertThat(entry.status()).isEqualTo(JournalStatus.REPLAYING);
		assertThat(entry.nextAttemptAt()).isEqualTo(T0);
		assertThat(entry.createdAt()).isEqualTo(T0);
		assertThat(entry.updatedAt()).isEqualTo(now);
		assertThat(entry.liveArguments()).isNull();

		Map<String, Object> claimedRow = row(database, id);
		assertThat(claimedRow.get("status")).isEqualTo("REPLAYING");
		assertThat(claimedRow.get("claimed_by")).isEqualTo("first");
		assertThat(((Number) claimedRow.get("lease_until")).longValue()).isEqualTo(now.plus(LEASE).toEpochMilli());
		assertThat(((Number) claimedRow.get("attempts")).intValue()).isEqualTo(1);

		journal.replayed(claimed);
		assertThat(count(database)).isZero();
		assertThat(this.logged.list).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void claimsOnlyTheOldestEntryOfAKey(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		long a1 = journal.append(entry("m", "A", T0));
		long a2 = journal.append(entry("m", "A", T0));
		long b1 = journal.append(entry("m", "B", T0));
		long otherA = journal.append(entry("other", "A", T0));
		Instant now = T0.plusSeconds(1);

		List<JournalEntry> first = journal.claim(10, LEASE, now);
		assertThat(ids(first)).containsExactly(a1, b1, otherA);
		assertThat(journal.claim(10, LEASE, now)).as("A2 waits while A1 is replayed").isEmpty();

		journal.replayed(List.of(first.get(0)));
		assertThat(ids(journal.claim(10, LEASE, now))).containsExactly(a2);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void parkedEntryHoldsBackTheLaterEntriesOfItsKey(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		long a1 = journal.append(entry("m", "A", T0));
		long a2 = journal.append(entry("m", "A", T0));
		Instant now = T0.plusSeconds(1);
		JournalEntry claimed = single(journal.claim(10, LEASE, now));
		journal.park(claimed, "gave up");

		assertThat(journal.claim(10, LEASE, now.plusSeconds(3600))).isEmpty();
		assertThat(journal.discardParked("m", List.of(a1))).isOne();
		assertThat(ids(journal.claim(10, LEASE, now))).containsExactly(a2);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entriesWithoutKeyAreNeverHeldBack(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		long keyed = journal.append(entry("m", "A", T0));
		long n1 = journal.append(entry("m", null, T0));
		long n2 = journal.append(entry("m", null, T0));
		Instant now = T0.plusSeconds(1);
		journal.park(single(journal.claim(1, LEASE, now)), "gave up");

		assertThat(ids(journal.claim(10, LEASE, now))).containsExactly(n1, n2);
		assertThat(journal.parked("m", 0, 10)).extracting(JournalEntry::id).containsExactly(keyed);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void claimRespectsTheDueTime(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		long id = journal.append(entry("m", "A", T0));
		assertThat(journal.claim(10, LEASE, T0.minusMillis(1))).isEmpty();
		JournalEntry first = single(journal.claim(10, LEASE, T0));

		Instant retryAt = T0.plusSeconds(30);
		journal.retryLater(first, "still down", retryAt);
		Map<String, Object> row = row(database, id);
		assertThat(row.get("status")).isEqualTo("PENDING");
		assertThat(row.get("last_error")).isEqualTo("still down");
		assertThat(row.get("claimed_by")).isNull();
		assertThat(row.get("lease_until")).isNull();

		assertThat(journal.claim(10, LEASE, retryAt.minusMillis(1))).isEmpty();
		JournalEntry second = single(journal.claim(10, LEASE, retryAt));
		assertThat(second.attempts()).isEqualTo(2);
		assertThat(second.lastError()).isEqualTo("still down");
		assertThat(second.nextAttemptAt()).isEqualTo(retryAt);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void anotherInstanceTakesOverAnExpiredLeaseAndTheLateSettleChangesNothing(Database database) {
		JdbcWriteJournal first = freshJournal(database);
		JdbcWriteJournal second = new JdbcWriteJournal(databases.newDataSource(database, 2), "second");
		long id = first.append(entry("m", "A", T0));
		JournalEntry claimedByFirst = single(first.claim(10, LEASE, T0));

		assertThat(second.claim(10, LEASE, T0.plus(LEASE))).as("the lease still holds at its last instant").isEmpty();
		Instant takeover = T0.plus(LEASE).plusMillis(1);
		JournalEntry claimedBySecond = single(second.claim(10, LEASE, takeover));
		assertThat(claimedBySecond.id()).isEqualTo(id);
		assertThat(claimedBySecond.attempts()).isEqualTo(2);

		first.retryLater(claimedByFirst, "late", T0);
		first.park(claimedByFirst, "late");
		first.replayed(List.of(claimedByFirst));
		Map<String, Object> row = row(database, id);
		assertThat(row.get("status")).isEqualTo("REPLAYING");
		assertThat(row.get("claimed_by")).isEqualTo("second");
		assertThat(((Number) row.get("lease_until")).longValue()).isEqualTo(takeover.plus(LEASE).toEpochMilli());
		assertThat(row.get("last_error")).isEqualTo("boom");
		assertThat(this.logged.list).hasSize(3).allSatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("no longer claimed by first");
		});

		second.replayed(List.of(claimedBySecond));
		assertThat(count(database)).isZero();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void lateSettleOfAClaimThatThisInstanceTookOverChangesNothing(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		long id = journal.append(entry("m", "A", T0));
		JournalEntry stale = single(journal.claim(10, LEASE, T0));
		JournalEntry current = single(journal.claim(10, LEASE, T0.plus(LEASE).plusMillis(1)));

		journal.park(stale, "late");
		assertThat(row(database, id).get("status")).isEqualTo("REPLAYING");
		journal.retryLater(current, "again", T0);
		assertThat(row(database, id).get("status")).isEqualTo("PENDING");
		assertThat(this.logged.list).hasSize(1);
	}

	@ParameterizedTest
	@MethodSource("skipLockedDatabases")
	void skipLockedClaimPassesALockedRowAndStillHoldsItsKeyBack(Database database) throws Exception {
		JdbcWriteJournal journal = freshJournal(database);
		long a1 = journal.append(entry("m", "A", T0));
		journal.append(entry("m", "A", T0));
		long b1 = journal.append(entry("m", "B", T0));
		DataSource other = databases.newDataSource(database, 1);
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			// another claimer in the middle of its claim transaction, holding A1's row lock
			Future<?> holder = executor.submit(() -> new TransactionTemplate(new DataSourceTransactionManager(other))
				.executeWithoutResult((status) -> {
					JdbcClient.create(other)
						.sql("SELECT id FROM migration_journal WHERE id = ? FOR UPDATE")
						.param(a1)
						.query(Long.class)
						.single();
					locked.countDown();
					awaitLatch(release);
				}));
			assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
			// the NOT EXISTS reads A1 without a lock: the claim neither waits for it nor takes A2
			List<JournalEntry> claimed = executor.submit(() -> journal.claim(10, LEASE, T0)).get(10, TimeUnit.SECONDS);
			assertThat(ids(claimed)).containsExactly(b1);
			release.countDown();
			holder.get(10, TimeUnit.SECONDS);
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
	}

	static Stream<Database> skipLockedDatabases() {
		return Stream.of(Database.POSTGRESQL, Database.MARIADB);
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("databasesAndStrategies")
	void concurrentClaimersReplayEveryEntryExactlyOnceInKeyOrder(Database database, ClaimStrategy strategy)
			throws Exception {
		JdbcWriteJournal appender = freshJournal(database);
		int keyless = 2_000;
		int keys = 50;
		int perKey = 8;
		for (int i = 0; i < keyless; i++) {
			appender.append(entry("m", null, Integer.toString(i), T0));
		}
		for (int sequence = 0; sequence < perKey; sequence++) {
			for (int key = 0; key < keys; key++) {
				appender.append(entry("m", "key-" + key, Integer.toString(sequence), T0));
			}
		}
		int total = keyless + keys * perKey;
		// three application instances, each with a pool of its own
		List<JdbcWriteJournal> instances = IntStream.rangeClosed(1, 3)
			.mapToObj((n) -> new JdbcWriteJournal(databases.newDataSource(database, 4), "instance-" + n,
					Clock.systemUTC(), (dialect) -> dialect.withClaimStrategy(strategy)))
			.toList();
		Set<Long> inFlight = ConcurrentHashMap.newKeySet();
		Set<Long> replayed = ConcurrentHashMap.newKeySet();
		List<String> violations = Collections.synchronizedList(new ArrayList<>());
		Map<String, AtomicInteger> nextOfKey = new ConcurrentHashMap<>();
		AtomicInteger settled = new AtomicInteger();
		int threadsPerInstance = 3;
		ExecutorService executor = Executors.newFixedThreadPool(instances.size() * threadsPerInstance);
		List<Future<Integer>> workers = new ArrayList<>();
		try {
			for (JdbcWriteJournal instance : instances) {
				for (int thread = 0; thread < threadsPerInstance; thread++) {
					workers.add(executor.submit(() -> {
						int mine = 0;
						long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
						while (settled.get() < total && System.nanoTime() < deadline) {
							List<JournalEntry> batch = instance.claim(25, Duration.ofMinutes(10), T0);
							for (JournalEntry entry : batch) {
								if (!inFlight.add(entry.id())) {
									violations.add("claimed twice at once: " + entry.id());
								}
								if (entry.key() != null) {
									int expected = nextOfKey.computeIfAbsent(entry.key(), (key) -> new AtomicInteger())
										.getAndIncrement();
									if (Integer.parseInt(entry.arguments()) != expected) {
										violations.add(entry.key() + " replayed " + entry.arguments() + " when "
												+ expected + " was due");
									}
								}
							}
							for (JournalEntry entry : batch) {
								if (!replayed.add(entry.id())) {
									violations.add("replayed again: " + entry.id());
								}
								inFlight.remove(entry.id());
							}
							instance.replayed(batch);
							settled.addAndGet(batch.size());
							mine += batch.size();
						}
						return mine;
					}));
				}
			}
			int claimedByWorkers = 0;
			for (Future<Integer> worker : workers) {
				claimedByWorkers += worker.get(3, TimeUnit.MINUTES);
			}
			assertThat(violations).isEmpty();
			assertThat(claimedByWorkers).isEqualTo(total);
			assertThat(replayed).hasSize(total);
			assertThat(count(database)).isZero();
			assertThat(this.logged.list).isEmpty();
		}
		finally {
			executor.shutdownNow();
		}
	}

	static Stream<Arguments> databasesAndStrategies() {
		return Stream.of(Arguments.of(Database.POSTGRESQL, ClaimStrategy.SKIP_LOCKED),
				Arguments.of(Database.POSTGRESQL, ClaimStrategy.CONDITIONAL_UPDATE),
				Arguments.of(Database.MARIADB, ClaimStrategy.SKIP_LOCKED),
				Arguments.of(Database.MARIADB, ClaimStrategy.CONDITIONAL_UPDATE),
				Arguments.of(Database.H2, ClaimStrategy.CONDITIONAL_UPDATE));
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void appendSurvivesTheRollbackOfTheCallersTransaction(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		DataSource dataSource = databases.dataSource(database);
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("CREATE TABLE IF NOT EXISTS probe (id INT)").update();
		jdbc.sql("DELETE FROM probe").update();
		AtomicReference<Long> id = new AtomicReference<>();
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> {
			jdbc.sql("INSERT INTO probe (id) VALUES (1)").update();
			// a failed statement dooms the transaction on PostgreSQL: nothing else runs in it
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> jdbc.sql("SELECT no_such_column FROM probe").query().listOfRows());
			id.set(journal.append(entry("m", "A", T0)));
			assertThat(journal.hasEntries("m", "A")).isTrue();
			status.setRollbackOnly();
		});
		assertThat(jdbc.sql("SELECT COUNT(*) FROM probe").query(Long.class).single()).as("the caller rolled back")
			.isZero();
		assertThat(row(database, id.get())).containsEntry("status", "PENDING");
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void appendAndHasEntriesWorkAfterTheCallersCommit(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		DataSource dataSource = databases.dataSource(database);
		AtomicReference<Long> id = new AtomicReference<>();
		AtomicReference<Boolean> found = new AtomicReference<>();
		// where the engine runs a second write that waited for the commit
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> {
			JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM migration_journal").query(Long.class).single();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					id.set(journal.append(entry("m", "A", T0)));
					found.set(journal.hasEntries("m", "A"));
				}

			});
		});
		assertThat(found.get()).isTrue();
		assertThat(row(database, id.get())).containsEntry("status", "PENDING");
		assertThat(ids(journal.claim(10, LEASE, T0))).containsExactly(id.get());
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void hasEntriesAnswersFromMemoryUntilAnEntryMayExist(Database database) {
		freshJournal(database);
		CountingDataSource counting = new CountingDataSource(databases.dataSource(database));
		JdbcWriteJournal journal = new JdbcWriteJournal(counting, "first");
		JdbcWriteJournal otherInstance = new JdbcWriteJournal(databases.newDataSource(database, 2), "second");
		journal.claimStrategy();
		assertThat(journal.hasEntries("warm-up", "k")).isFalse();

		int before = counting.connections.get();
		assertThat(journal.hasEntries("unknown", "k")).isFalse();
		assertThat(counting.connections.get()).as("no query for a migration without entries").isEqualTo(before);

		journal.append(entry("m", "k1", T0));
		assertThat(journal.hasEntries("m", "k1")).isTrue();
		assertThat(journal.hasEntries("m", "k2")).isFalse();

		otherInstance.append(entry("elsewhere", "k1", T0));
		assertThat(journal.hasEntries("elsewhere", "k1")).as("seen from the next stats() on").isFalse();
		assertThat(journal.stats()).containsOnlyKeys("m", "elsewhere");
		assertThat(journal.hasEntries("elsewhere", "k1")).isTrue();

		otherInstance.replayed(otherInstance.claim(10, LEASE, T0));
		journal.stats();
		before = counting.connections.get();
		assertThat(journal.hasEntries("m", "k1")).isFalse();
		assertThat(journal.hasEntries("elsewhere", "k1")).isFalse();
		assertThat(counting.connections.get()).as("no query once stats() saw no entry").isEqualTo(before);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void firstHasEntriesSeesEntriesThatWereThereBeforeTheStart(Database database) {
		JdbcWriteJournal beforeRestart = freshJournal(database);
		beforeRestart.append(entry("m", "k1", T0));
		JdbcWriteJournal afterRestart = new JdbcWriteJournal(databases.dataSource(database), "first");
		assertThat(afterRestart.hasEntries("m", "k1")).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void statsRefreshKeepsTheHintOfAnAppendInFlight(Database database) throws Exception {
		freshJournal(database);
		CountingDataSource hooked = new CountingDataSource(databases.dataSource(database));
		JdbcWriteJournal journal = new JdbcWriteJournal(hooked, "first");
		// the hint is raised and the table holds no entry of "m": a refresh may lower it
		journal.append(entry("m", "k1", T0));
		journal.replayed(journal.claim(10, LEASE, T0));
		assertThat(count(database)).isZero();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			// 1. an append that started before the refresh and commits after its query
			CountDownLatch appendWaits = new CountDownLatch(1);
			CountDownLatch statsDone = new CountDownLatch(1);
			hooked.onNextConnection(() -> {
				appendWaits.countDown();
				awaitLatch(statsDone);
			});
			Future<Long> inFlight = executor.submit(() -> journal.append(entry("m", "k1", T0)));
			assertThat(appendWaits.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(journal.stats()).doesNotContainKey("m");
			statsDone.countDown();
			inFlight.get(10, TimeUnit.SECONDS);
			assertThat(journal.hasEntries("m", "k1")).isTrue();
			journal.replayed(journal.claim(10, LEASE, T0));
			journal.stats();
			assertThat(journal.hasEntries("m", "k1")).isFalse();

			// 2. an append that starts while the refresh's query runs
			CountDownLatch appendStarted = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			AtomicReference<Future<Long>> started = new AtomicReference<>();
			hooked.onNextConnection(() -> {
				hooked.onNextConnection(() -> {
					appendStarted.countDown();
					awaitLatch(release);
				});
				started.set(executor.submit(() -> journal.append(entry("m", "k1", T0))));
				awaitLatch(appendStarted);
			});
			assertThat(journal.stats()).doesNotContainKey("m");
			release.countDown();
			started.get().get(10, TimeUnit.SECONDS);
			assertThat(journal.hasEntries("m", "k1")).isTrue();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void statsCountPendingAndParkedEntriesPerMigration(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		// the parked entry is the oldest of "m": it is not pending
		journal.append(entry("m", "parked", T0.minusSeconds(60)));
		journal.append(entry("n", null, T0.plusSeconds(4)));
		journal.claim(2, LEASE, T0.plusSeconds(10)).forEach((entry) -> journal.park(entry, "gave up"));
		journal.append(entry("m", "a", T0.plusSeconds(1)));
		journal.append(entry("m", "b", T0.plusSeconds(2)));
		journal.append(entry("m", "c", T0.plusSeconds(3)));
		assertThat(journal.claim(1, LEASE, T0.plusSeconds(10))).as("being replayed still counts as pending").hasSize(1);

		Map<String, JournalStats> stats = journal.stats();
		assertThat(stats).containsOnlyKeys("m", "n");
		assertThat(stats.get("m")).isEqualTo(new JournalStats(3, 1, T0.plusSeconds(1)));
		assertThat(stats.get("n")).isEqualTo(new JournalStats(0, 1, null));
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void parkedEntriesArePagedRetriedAndDiscarded(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		List<Long> parked = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			parked.add(journal.append(entry("m", null, T0)));
		}
		long elsewhere = journal.append(entry("other", null, T0));
		journal.append(entry("m", "pending", T0.plusSeconds(3600)));
		for (JournalEntry entry : journal.claim(10, LEASE, T0)) {
			journal.park(entry, "gave up on " + entry.id());
		}

		assertThat(journal.parked("m", 0, 2))
			.extracting(JournalEntry::id, JournalEntry::status, JournalEntry::lastError)
			.containsExactly(tuple(parked.get(0), JournalStatus.PARKED, "gave up on " + parked.get(0)),
					tuple(parked.get(1), JournalStatus.PARKED, "gave up on " + parked.get(1)));
		assertThat(journal.parked("m", 1, 2)).extracting(JournalEntry::id)
			.containsExactly(parked.get(2), parked.get(3));
		assertThat(journal.parked("m", 2, 2)).extracting(JournalEntry::id).containsExactly(parked.get(4));
		assertThat(journal.parked("m", 3, 2)).isEmpty();

		Instant now = T0.plusSeconds(7);
		assertThat(journal.retryParked("m", List.of(parked.get(0), elsewhere), now)).isOne();
		Map<String, Object> retried = row(database, parked.get(0));
		assertThat(retried).containsEntry("status", "PENDING").containsEntry("claimed_by", null);
		assertThat(((Number) retried.get("attempts")).intValue()).isZero();
		assertThat(((Number) retried.get("next_attempt_at")).longValue()).isEqualTo(now.toEpochMilli());
		assertThat(ids(journal.claim(10, LEASE, now))).containsExactly(parked.get(0));

		// many ids, most of them unknown: sent in chunks
		List<Long> manyIds = new ArrayList<>(IntStream.range(0, 1_200).mapToObj((i) -> -1L - i).toList());
		manyIds.addAll(List.of(parked.get(1), parked.get(2), elsewhere));
		assertThat(journal.discardParked("m", manyIds)).isEqualTo(2);
		assertThat(journal.discardParked("m", List.of())).isZero();
		assertThat(journal.retryParked("m", null, now)).isEqualTo(2);
		assertThat(journal.parked("m", 0, 10)).isEmpty();
		assertThat(journal.discardParked("other", null)).isOne();
		assertThat(journal.stats()).containsOnlyKeys("m");
		assertThat(journal.stats().get("m").pending()).isEqualTo(4);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void parkedPagesOnTheClientWhereTheDatabaseHasNoLimitOffset(Database database) {
		freshJournal(database);
		JdbcWriteJournal journal = new JdbcWriteJournal(databases.dataSource(database), "first", Clock.systemUTC(),
				JdbcDialect::withoutLimitOffset);
		List<Long> parked = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			parked.add(journal.append(entry("m", null, T0)));
		}
		journal.claim(10, LEASE, T0).forEach((entry) -> journal.park(entry, "gave up"));
		assertThat(journal.parked("m", 0, 2)).extracting(JournalEntry::id)
			.containsExactly(parked.get(0), parked.get(1));
		assertThat(journal.parked("m", 2, 2)).extracting(JournalEntry::id).containsExactly(parked.get(4));
		assertThat(journal.parked("m", 3, 2)).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void longKeysAreStoredShortenedAndStillFound(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		String longKey = "k".repeat(300) + "1";
		String sameStart = "k".repeat(300) + "2";
		journal.append(entry("m", longKey, T0));
		journal.append(entry("m", sameStart, T0));
		assertThat(journal.hasEntries("m", longKey)).isTrue();
		List<JournalEntry> claimed = journal.claim(10, LEASE, T0);
		assertThat(claimed).as("two keys: both are the oldest of their key").hasSize(2);
		assertThat(claimed).allSatisfy((entry) -> assertThat(entry.key()).hasSize(JournalColumns.MAX_KEY_LENGTH));
		assertThat(claimed.get(0).key()).isNotEqualTo(claimed.get(1).key());
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void keysCompareExactly(Database database) {
		JdbcWriteJournal journal = freshJournal(database);
		journal.append(entry("m", "Key", T0));
		journal.append(entry("m", "key", T0));
		assertThat(journal.claim(10, LEASE, T0)).as("'Key' and 'key' are two keys").hasSize(2);
		assertThat(journal.hasEntries("m", "KEY")).isFalse();
	}

	private static NewJournalEntry entry(String migration, @Nullable String key, Instant time) {
		return entry(migration, key, "[1]", time);
	}

	private static NewJournalEntry entry(String migration, @Nullable String key, String arguments, Instant time) {
		return new NewJournalEntry(time, migration, Impl.NEW, METHOD, key, arguments, new Object[0],
				JournalCause.FAILED, "boom");
	}

	private static JdbcWriteJournal freshJournal(Database database) {
		DataSource dataSource = databases.dataSource(database);
		createSchema(dataSource, database);
		JdbcClient.create(dataSource).sql("DELETE FROM migration_journal").update();
		return new JdbcWriteJournal(dataSource, "first");
	}

	private static void createSchema(DataSource dataSource, Database database) {
		new ResourceDatabasePopulator(new DefaultResourceLoader()
			.getResource(JdbcWriteJournal.schemaLocation(database.platform()))).execute(dataSource);
	}

	private static Map<String, Object> row(Database database, long id) {
		return JdbcClient.create(databases.dataSource(database))
			.sql("SELECT * FROM migration_journal WHERE id = ?")
			.param(id)
			.query()
			.singleRow();
	}

	private static long count(Database database) {
		return JdbcClient.create(databases.dataSource(database))
			.sql("SELECT COUNT(*) FROM migration_journal")
			.query(Long.class)
			.single();
	}

	private static List<Long> ids(List<JournalEntry> entries) {
		return entries.stream().map(JournalEntry::id).toList();
	}

	private static JournalEntry single(List<JournalEntry> entries) {
		assertThat(entries).hasSize(1);
		return entries.get(0);
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Latch not released in time");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Counts connections taken, and runs a hook (once) when the next one is taken. */
	static final class CountingDataSource extends DelegatingDataSource {

		final AtomicInteger connections = new AtomicInteger();

		private final AtomicReference<@Nullable Runnable> hook = new AtomicReference<>();

		CountingDataSource(DataSource dataSource) {
			super(dataSource);
		}

		void onNextConnection(Runnable hook) {
			this.hook.set(hook);
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.connections.incrementAndGet();
			Runnable hook = this.hook.getAndSet(null);
			if (hook != null) {
				hook.run();
			}
			return super.getConnection();
		}

	}

}
