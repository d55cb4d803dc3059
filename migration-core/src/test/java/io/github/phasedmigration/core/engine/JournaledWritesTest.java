package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteMethod;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.testing.LogCapture;

import static io.github.phasedmigration.core.engine.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Second writes and the journal (invariants I2, I3 and I6 of the contract): when the second write
 * runs relative to the caller's transaction, how writes of one key queue behind a journaled one,
 * what an entry carries, and what happens when the journal itself fails.
 */
class JournaledWritesTest {

	private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

	private static final String METHOD = "Orders.save(..)";

	private static final Duration WAIT = Duration.ofSeconds(5);

	/** The migration key is the first argument. */
	private static final TestWriteMethod ORDERS = new TestWriteMethod("com.example.Orders#save(String,int)",
			(arguments) -> (String) arguments[0]);

	private final FakeTransactions transactions = new FakeTransactions();

	private final EngineFixture fixture = new EngineFixture(this.transactions, Clock.fixed(NOW, ZoneOffset.UTC));

	/** "old:k1#1", "new:k1#1", ...: which implementation wrote which call. */
	private final List<String> steps = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	// ---- I2: the second write waits for the caller's commit

	@ParameterizedTest
	@EnumSource(names = { "SHADOW", "REVERSE_SHADOW" })
	void insideATransactionTheSecondWriteWaitsForTheCommit(MigrationMode mode) throws Throwable {
		Migration migration = this.fixture.migration(mode);
		Impl first = mode.primary();
		this.transactions.begin();

		Object result = write(migration, ORDERS, "k1", 1);

		assertThat(result).isEqualTo(first.tag() + "-result");
		assertThat(this.steps).containsExactly(first.tag() + ":k1#1");
		assertThat(this.transactions.registered).hasSize(1);

		this.transactions.commit();

		assertThat(this.steps).containsExactly(first.tag() + ":k1#1", first.other().tag() + ":k1#1");
		assertThat(migration.counters().calls(first.other())).isEqualTo(1);
		assertThat(this.fixture.failedWrites.handled).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(names = { "SHADOW", "REVERSE_SHADOW" })
	void aRolledBackTransactionNeverGetsItsSecondWrite(MigrationMode mode) throws Throwable {
		Migration migration = this.fixture.migration(mode);
		Impl first = mode.primary();
		this.transactions.begin();

		write(migration, ORDERS, "k1", 1);
		this.transactions.rollback();

		assertThat(this.steps).containsExactly(first.tag() + ":k1#1");
		assertThat(migration.counters().calls(first.other())).isZero();
		assertThat(this.fixture.failedWrites.handled).as("nothing to replay either").isEmpty();
	}

	@Test
	void aSecondWriteThatFailsAfterTheCommitIsJournaled() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		this.transactions.begin();

		Object result = write(migration, ORDERS, "k1", 1, Impl.NEW);
		assertThat(this.fixture.failedWrites.handled).isEmpty();
		this.transactions.commit();

		assertThat(result).isEqualTo("old-result");
		assertThat(this.fixture.failedWrites.handled).singleElement().satisfies((entry) -> {
			assertThat(entry.cause()).isEqualTo(JournalCause.FAILED);
			assertThat(entry.key()).isEqualTo("k1");
		});
	}

	@Test
	void twoWritesOfOneKeyInOneTransactionStayInOrderWhenTheFirstFailsAfterTheCommit() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		this.transactions.begin();

		write(migration, ORDERS, "k1", 1, Impl.NEW);
		write(migration, ORDERS, "k1", 2);
		this.transactions.commit();

		assertThat(this.steps).containsExactly("old:k1#1", "old:k1#2", "new:k1#1");
		assertThat(this.fixture.failedWrites.handled).extracting(NewJournalEntry::cause, this::callOf)
			.containsExactly(tuple(JournalCause.FAILED, "k1#1"), tuple(JournalCause.QUEUED, "k1#2"));
	}

	@ParameterizedTest
	@EnumSource(names = { "SHADOW", "REVERSE_SHADOW" })
	void aJoinedSecondWriteRunsAtOnceInsideTheTransaction(MigrationMode mode) throws Throwable {
		Migration migration = this.fixture.migration(mode, EngineFixture.settings().withJoinTransaction(true));
		Impl first = mode.primary();
		this.transactions.begin();

		write(migration, ORDERS, "k1", 1);

		assertThat(this.steps).containsExactly(first.tag() + ":k1#1", first.other().tag() + ":k1#1");
		assertThat(this.transactions.registered).isEmpty();
	}

	@Test
	void aJoinedSecondWriteThatFailsIsJournaledOnlyOnceTheTransactionCommits() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW,
				EngineFixture.settings().withJoinTransaction(true));
		this.transactions.begin();

		assertThat(write(migration, ORDERS, "k1", 1, Impl.NEW)).isEqualTo("old-result");

		assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1");
		assertThat(migration.counters().failedWrites()).isEqualTo(1);
		assertThat(this.fixture.failedWrites.handled).as("the caller's transaction may still roll back").isEmpty();

		this.transactions.commit();

		assertThat(this.fixture.failedWrites.handled).singleElement()
			.extracting(NewJournalEntry::cause)
			.isEqualTo(JournalCause.FAILED);
	}

	@Test
	void aJoinedSecondWriteThatFailsIsNotJournaledWhenTheTransactionRollsBack() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW,
				EngineFixture.settings().withJoinTransaction(true));
		this.transactions.begin();

		write(migration, ORDERS, "k1", 1, Impl.OLD);
		this.transactions.rollback();

		assertThat(this.steps).containsExactly("new:k1#1", "old:k1#1");
		assertThat(this.fixture.failedWrites.handled).isEmpty();
		assertThat(this.fixture.failedWrites.delegate.hasEntries(EngineFixture.NAME, "k1")).isFalse();
	}

	@Test
	void aJoinedWriteQueuedBehindItsKeyIsNotJournaledWhenTheTransactionRollsBack() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW,
				EngineFixture.settings().withJoinTransaction(true));
		write(migration, ORDERS, "k1", 1, Impl.NEW); // no transaction: journaled at once
		this.transactions.begin();

		write(migration, ORDERS, "k1", 2);
		this.transactions.rollback();

		// a queued entry would be replayed: a second write for an authoritative write that rolled back
		assertThat(this.fixture.failedWrites.handled).extracting(this::callOf).containsExactly("k1#1");
		assertThat(this.steps).doesNotContain("new:k1#2");
	}

	@Test
	void joinedWritesOfOneKeyInOneTransactionStayInOrderWhenTheFirstFails() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW,
				EngineFixture.settings().withJoinTransaction(true));
		this.transactions.begin();

		write(migration, ORDERS, "k1", 1, Impl.NEW);
		write(migration, ORDERS, "k1", 2);
		this.transactions.commit();

		// replaying k1#1 after k1#2 went through directly would let the older write win
		assertThat(this.fixture.failedWrites.handled).extracting(NewJournalEntry::cause, this::callOf)
			.containsExactly(tuple(JournalCause.FAILED, "k1#1"), tuple(JournalCause.QUEUED, "k1#2"));
	}

	@Test
	void aTransactionHookThatThrowsMakesTheSecondWriteRunAtOnce() throws Throwable {
		EngineFixture throwingHook = new EngineFixture((afterCommit, afterRollback) -> {
			throw new IllegalStateException("no synchronization");
		}, Clock.fixed(NOW, ZoneOffset.UTC));
		try (throwingHook; LogCapture log = new LogCapture("io.github.phasedmigration")) {
			Migration migration = throwingHook.migration(MigrationMode.SHADOW);

			throwingHook.engine.execute(migration, call(ORDERS, "k1", 1, null));

			assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1");
			assertThat(log.messages(Level.WARN)).singleElement()
				.asString()
				.contains("'m'", "could not wait for the caller's commit");
		}
	}

	// ---- I3: order per key

	@Test
	void aLaterWriteOfAKeyWithAJournaledWriteQueuesWithoutRunning() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		try (LogCapture log = new LogCapture(DualWrites.FAILED_WRITES_LOGGER_NAME)) {
			assertThat(write(migration, ORDERS, "k1", 1, Impl.NEW)).isEqualTo("old-result");
			assertThat(write(migration, ORDERS, "k1", 2)).isEqualTo("old-result");

			assertThat(log.messages(Level.WARN)).as("only the failed write is a failure").hasSize(1);
		}

		assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1", "old:k1#2");
		assertThat(this.fixture.failedWrites.handled).extracting(NewJournalEntry::cause, this::callOf)
			.containsExactly(tuple(JournalCause.FAILED, "k1#1"), tuple(JournalCause.QUEUED, "k1#2"));
		assertThat(this.fixture.failedWrites.handled.get(1)).satisfies((queued) -> {
			assertThat(queued.impl()).isEqualTo(Impl.NEW);
			assertThat(queued.key()).isEqualTo("k1");
			assertThat(queued.error()).contains("queued behind", "k1");
		});
		assertThat(this.fixture.listener.journaled).containsExactly(JournalCause.FAILED, JournalCause.QUEUED);
		assertThat(migration.counters().failedWrites()).isEqualTo(1);
		assertThat(migration.counters().calls(Impl.NEW)).as("the queued write did not run").isEqualTo(1);
	}

	@Test
	void anotherKeyIsNotHeldBackByAJournaledWrite() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		write(migration, ORDERS, "k1", 1, Impl.NEW);
		write(migration, ORDERS, "k2", 1);

		assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1", "old:k2#1", "new:k2#1");
		assertThat(this.fixture.failedWrites.handled).extracting(this::callOf).containsExactly("k1#1");
	}

	@Test
	void anotherMigrationWithTheSameKeyIsNotHeldBack() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		Migration other = this.fixture.registry.register("other", MigrationMode.SHADOW, EngineFixture.settings());

		write(migration, ORDERS, "k1", 1, Impl.NEW);
		write(other, ORDERS, "k1", 2);

		assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1", "old:k1#2", "new:k1#2");
	}

	@Test
	void withoutAKeyNothingQueues() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		TestWriteMethod keyless = new TestWriteMethod("com.example.Orders#touch(String,int)", (arguments) -> null);

		write(migration, keyless, "k1", 1, Impl.NEW);
		write(migration, keyless, "k1", 2);

		assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1", "old:k1#2", "new:k1#2");
		assertThat(this.fixture.failedWrites.handled).singleElement().satisfies((entry) -> {
			assertThat(entry.key()).isNull();
			assertThat(entry.cause()).isEqualTo(JournalCause.FAILED);
		});
	}

	@Test
	void aWriteWithoutAWriteMethodIsJournaledUnderItsDescriptionAndNeverQueues() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		write(migration, null, "k1", 1, Impl.NEW);
		write(migration, null, "k1", 2);

		assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1", "old:k1#2", "new:k1#2");
		assertThat(this.fixture.failedWrites.handled).singleElement().satisfies((entry) -> {
			assertThat(entry.method()).isEqualTo(METHOD);
			assertThat(entry.key()).isNull();
			assertThat(entry.arguments()).as("rendered, for a person to read").isEqualTo("[k1, 1]");
		});
	}

	@Test
	void onceTheJournalIsEmptyAgainWritesOfTheKeyGoDirect() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		write(migration, ORDERS, "k1", 1, Impl.NEW);
		write(migration, ORDERS, "k1", 2);

		// the reconciler's part, done by hand: the key's entries are claimed one at a time, oldest first
		List<String> replayed = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			List<JournalEntry> claimed = this.fixture.failedWrites.claim(10, Duration.ofMinutes(1), NOW);
			claimed.forEach((entry) -> replayed.add(entry.liveArguments()[0] + "#" + entry.liveArguments()[1]));
			this.fixture.failedWrites.replayed(claimed);
		}
		assertThat(replayed).containsExactly("k1#1", "k1#2");
		write(migration, ORDERS, "k1", 3);

		assertThat(this.steps).endsWith("old:k1#3", "new:k1#3");
		assertThat(this.fixture.failedWrites.handled).hasSize(2);
	}

	@Test
	void aWriteOfAKeyWaitsForTheSecondWriteInFlightAndQueuesBehindItWhenThatFails() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		CountDownLatch newStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Invoker slowFailingNew = () -> {
			this.steps.add("new:k1#1");
			newStarted.countDown();
			release.await(10, TimeUnit.SECONDS);
			throw new IllegalStateException("new store down");
		};
		Thread firstCaller = new Thread(() -> execute(migration,
				call(ORDERS, "k1", 1, step(Impl.OLD, "k1#1", null), slowFailingNew)), "first-caller");
		Thread secondCaller = new Thread(() -> execute(migration, call(ORDERS, "k1", 2, null)), "second-caller");

		firstCaller.start();
		assertThat(newStarted.await(5, TimeUnit.SECONDS)).isTrue();
		secondCaller.start();
		// without the key's lock it would find nothing journaled yet and write new at once
		await().until(() -> this.steps.contains("old:k1#2")
				&& (secondCaller.getState() == Thread.State.WAITING || !secondCaller.isAlive()));
		assertThat(this.steps).as("waits for the write in flight").doesNotContain("new:k1#2");
		release.countDown();
		firstCaller.join(WAIT.toMillis());
		secondCaller.join(WAIT.toMillis());

		assertThat(this.steps).doesNotContain("new:k1#2");
		assertThat(this.fixture.failedWrites.handled).extracting(NewJournalEntry::cause, this::callOf)
			.containsExactly(tuple(JournalCause.FAILED, "k1#1"), tuple(JournalCause.QUEUED, "k1#2"));
	}

	// ---- what an entry carries

	@Test
	void theEntryCarriesWhatAReplayNeeds() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		MigrationCall call = call(ORDERS, "k1", 42, Impl.OLD);
		String error = "java.lang.IllegalStateException: old store down";

		try (LogCapture log = new LogCapture(DualWrites.FAILED_WRITES_LOGGER_NAME)) {
			assertThat(this.fixture.engine.execute(migration, call)).isEqualTo("new-result");

			assertThat(log.messages(Level.WARN)).singleElement()
				.asString()
				.contains("'m'", "old", METHOD, "[k1, 42]", "old store down");
		}
		assertThat(this.fixture.failedWrites.handled).singleElement().satisfies((entry) -> {
			assertThat(entry.time()).isEqualTo(NOW);
			assertThat(entry.migration()).isEqualTo(EngineFixture.NAME);
			assertThat(entry.impl()).isEqualTo(Impl.OLD);
			assertThat(entry.method()).isEqualTo(ORDERS.id());
			assertThat(entry.key()).isEqualTo("k1");
			assertThat(entry.arguments()).isEqualTo("encoded:[k1, 42]");
			assertThat(entry.liveArguments()).isSameAs(call.arguments());
			assertThat(entry.cause()).isEqualTo(JournalCause.FAILED);
			assertThat(entry.error()).isEqualTo(error);
		});
		List<JournalEntry> stored = this.fixture.failedWrites.claim(10, Duration.ofMinutes(1), NOW);
		assertThat(stored).singleElement().satisfies((entry) -> {
			assertThat(entry.createdAt()).isEqualTo(NOW);
			assertThat(entry.nextAttemptAt()).as("due at once").isEqualTo(NOW);
			assertThat(entry.lastError()).isEqualTo(error);
			assertThat(entry.liveArguments()).isSameAs(call.arguments());
		});
		assertThat(this.fixture.listener.journaled).containsExactly(JournalCause.FAILED);
		assertThat(this.fixture.listener.failedWrites).containsExactly(Impl.OLD);
	}

	// ---- I6: the journal itself fails

	@Test
	void aJournalThatCannotAppendLeavesTheCallerItsResultAndSaysSoLoudly() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalStateException journalDown = new IllegalStateException("journal down");
		this.fixture.failedWrites.toThrow = journalDown;

		try (LogCapture log = new LogCapture(DualWrites.FAILED_WRITES_LOGGER_NAME)) {
			assertThat(write(migration, ORDERS, "k1", 42, Impl.NEW)).isEqualTo("old-result");

			List<ILoggingEvent> errors = log.events().stream().filter((e) -> e.getLevel() == Level.ERROR).toList();
			assertThat(errors).singleElement().satisfies((event) -> {
				assertThat(event.getFormattedMessage()).contains("'m'", "NOT reconciled", "failed", METHOD,
						"[k1, 42]", "k1", "new store down");
				assertThat(event.getThrowableProxy().getMessage()).isEqualTo("journal down");
			});
			assertThat(log.messages(Level.WARN)).as("nothing claims it was journaled").isEmpty();
			assertThat(this.fixture.engine.journalFailures().count()).isEqualTo(1);
			assertThat(this.fixture.engine.journalFailures().lastTime()).isEqualTo(NOW);
			assertThat(this.fixture.engine.journalFailures().lastError())
				.isEqualTo("m: java.lang.IllegalStateException: journal down");
			assertThat(this.fixture.listener.journalFailures).hasValue(1);
			assertThat(this.fixture.listener.journaled).isEmpty();

			write(migration, ORDERS, "k2", 1, Impl.NEW);
			assertThat(this.fixture.engine.journalFailures().count()).isEqualTo(2);
		}
	}

	@Test
	void aQueuedWriteTheJournalCannotTakeIsLoggedAsNotReconciled() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		write(migration, ORDERS, "k1", 1, Impl.NEW);
		this.fixture.failedWrites.toThrow = new IllegalStateException("journal down");

		try (LogCapture log = new LogCapture(DualWrites.FAILED_WRITES_LOGGER_NAME)) {
			assertThat(write(migration, ORDERS, "k1", 2)).isEqualTo("old-result");

			assertThat(log.messages(Level.ERROR)).singleElement()
				.asString()
				.contains("queued", "NOT reconciled", "[k1, 2]");
		}
		assertThat(this.fixture.engine.journalFailures().count()).isEqualTo(1);
		assertThat(this.steps).doesNotContain("new:k1#2");
	}

	@Test
	void anEncoderThatThrowsCountsAsAJournalFailure() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		WriteMethod unencodable = new TestWriteMethod("com.example.Orders#save(String,int)",
				(arguments) -> (String) arguments[0]) {

			@Override
			public String encode(Object[] arguments) {
				throw new IllegalArgumentException("not serializable");
			}

		};

		try (LogCapture log = new LogCapture(DualWrites.FAILED_WRITES_LOGGER_NAME)) {
			assertThat(write(migration, unencodable, "k1", 1, Impl.NEW)).isEqualTo("old-result");

			assertThat(log.messages(Level.ERROR)).singleElement().asString().contains("NOT reconciled", "[k1, 1]");
		}
		assertThat(this.fixture.engine.journalFailures().count()).isEqualTo(1);
		assertThat(this.fixture.listener.journalFailures).hasValue(1);
	}

	@Test
	void aJournalThatCannotSayWhetherAKeyHasEntriesLetsTheWriteGoDirect() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		this.fixture.failedWrites.hasEntriesError = new IllegalStateException("journal down");

		try (LogCapture log = new LogCapture("io.github.phasedmigration")) {
			assertThat(write(migration, ORDERS, "k1", 1)).isEqualTo("old-result");

			assertThat(log.messages(Level.WARN)).singleElement()
				.asString()
				.contains("'m'", "could not tell whether key k1 has entries");
		}
		assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1");
		assertThat(this.fixture.failedWrites.handled).isEmpty();
	}

	@Test
	void aKeyThatCannotBeEvaluatedLetsTheWriteThroughUnordered() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		TestWriteMethod brokenKey = new TestWriteMethod("com.example.Orders#save(String,int)", (arguments) -> {
			throw new IllegalStateException("no such property");
		});

		try (LogCapture log = new LogCapture("io.github.phasedmigration")) {
			assertThat(write(migration, brokenKey, "k1", 1)).isEqualTo("old-result");
			write(migration, brokenKey, "k1", 2, Impl.NEW);

			assertThat(log.messages(Level.WARN)).filteredOn((message) -> message.contains("could not be evaluated"))
				.hasSize(2)
				.allSatisfy((message) -> assertThat(message).contains("'m'", METHOD, "not ordered"));
		}
		assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1", "old:k1#2", "new:k1#2");
		assertThat(this.fixture.failedWrites.handled).singleElement().satisfies((entry) -> {
			assertThat(entry.key()).isNull();
			assertThat(entry.method()).isEqualTo(brokenKey.id());
		});
	}

	// ---- asynchronous writes

	@Test
	void asyncWritesOfAKeyQueueBehindItsJournaledWrite() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		CompletionStage<?> failed = writeAsync(migration, asyncCall("k1", 1, CompletableFuture.failedFuture(
				new IllegalStateException("new store down"))));
		assertThat(failed.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo("old-result");
		CompletionStage<?> queued = writeAsync(migration, asyncCall("k1", 2,
				CompletableFuture.completedFuture("new-result")));
		assertThat(queued.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo("old-result");
		CompletionStage<?> otherKey = writeAsync(migration, asyncCall("k2", 1,
				CompletableFuture.completedFuture("new-result")));
		assertThat(otherKey.toCompletableFuture()).succeedsWithin(WAIT).isEqualTo("old-result");

		assertThat(this.steps).containsExactly("old:k1#1", "new:k1#1", "old:k1#2", "old:k2#1", "new:k2#1");
		assertThat(this.fixture.failedWrites.handled).extracting(NewJournalEntry::cause, this::callOf)
			.containsExactly(tuple(JournalCause.FAILED, "k1#1"), tuple(JournalCause.QUEUED, "k1#2"));
		assertThat(this.fixture.failedWrites.handled).allSatisfy((entry) -> assertThat(entry.key()).isEqualTo("k1"));
	}

	@Test
	void anAsyncWriteQueuesBehindASynchronousOneOfItsKey() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		write(migration, ORDERS, "k1", 1, Impl.OLD);

		MigrationCall call = new MigrationCall(METHOD, new Object[] { "k1", 2 }, MigrationKind.WRITE, true,
				() -> {
					this.steps.add("old:k1#2");
					return CompletableFuture.completedFuture("old-result");
				}, () -> {
					this.steps.add("new:k1#2");
					return CompletableFuture.completedFuture("new-result");
				}, null, ORDERS);
		assertThat(writeAsync(migration, call).toCompletableFuture()).succeedsWithin(WAIT).isEqualTo("new-result");

		assertThat(this.steps).containsExactly("new:k1#1", "old:k1#1", "new:k1#2");
		assertThat(this.fixture.failedWrites.handled).extracting(NewJournalEntry::cause)
			.containsExactly(JournalCause.FAILED, JournalCause.QUEUED);
	}

	// ---- helpers

	private Object write(Migration migration, @Nullable WriteMethod method, String key, int number) throws Throwable {
		return write(migration, method, key, number, null);
	}

	/** Writes call {@code key#number}; the write of {@code failing}, when given, throws. */
	private Object write(Migration migration, @Nullable WriteMethod method, String key, int number,
			@Nullable Impl failing) throws Throwable {
		return this.fixture.engine.execute(migration, call(method, key, number, failing));
	}

	private MigrationCall call(@Nullable WriteMethod method, String key, int number, @Nullable Impl failing) {
		String name = key + "#" + number;
		return call(method, key, number, step(Impl.OLD, name, failing), step(Impl.NEW, name, failing));
	}

	private static MigrationCall call(@Nullable WriteMethod method, String key, int number, Invoker old,
			Invoker neu) {
		return new MigrationCall(METHOD, new Object[] { key, number }, MigrationKind.WRITE, false, old, neu, null,
				method);
	}

	/** Records "impl:call"; throws "impl store down" when it is the failing side. */
	private Invoker step(Impl impl, String name, @Nullable Impl failing) {
		return () -> {
			this.steps.add(impl.tag() + ":" + name);
			if (impl == failing) {
				throw new IllegalStateException(impl.tag() + " store down");
			}
			return impl.tag() + "-result";
		};
	}

	private CompletionStage<?> writeAsync(Migration migration, MigrationCall call) throws Throwable {
		return (CompletionStage<?>) this.fixture.engine.execute(migration, call);
	}

	private MigrationCall asyncCall(String key, int number, CompletableFuture<Object> newResult) {
		String name = key + "#" + number;
		return new MigrationCall(METHOD, new Object[] { key, number }, MigrationKind.WRITE, true, () -> {
			this.steps.add("old:" + name);
			return CompletableFuture.completedFuture("old-result");
		}, () -> {
			this.steps.add("new:" + name);
			return newResult;
		}, null, ORDERS);
	}

	private void execute(Migration migration, MigrationCall call) {
		try {
			this.fixture.engine.execute(migration, call);
		}
		catch (Throwable ex) {
			throw new AssertionError(ex);
		}
	}

	private String callOf(NewJournalEntry entry) {
		return entry.liveArguments()[0] + "#" + entry.liveArguments()[1];
	}

	/** Keys calls by their first argument and encodes them so that a test can tell encoding from rendering. */
	static class TestWriteMethod implements WriteMethod {

		private final String id;

		private final Function<Object[], @Nullable String> key;

		TestWriteMethod(String id, Function<Object[], @Nullable String> key) {
			this.id = id;
			this.key = key;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public @Nullable String key(Object[] arguments) {
			return this.key.apply(arguments);
		}

		@Override
		public String encode(Object[] arguments) {
			return "encoded:" + Arrays.toString(arguments);
		}

	}

	/**
	 * A transaction on the test's thread: tasks registered while it is active run on
	 * {@link #commit()} and are dropped on {@link #rollback()}, as a Spring
	 * {@code TransactionSynchronization} would.
	 */
	static final class FakeTransactions implements TransactionHook {

		final List<Runnable> registered = new CopyOnWriteArrayList<>();

		final List<Runnable> onRollback = new CopyOnWriteArrayList<>();

		private final AtomicReference<Thread> active = new AtomicReference<>();

		void begin() {
			this.active.set(Thread.currentThread());
		}

		void commit() {
			this.active.set(null);
			List<Runnable> tasks = List.copyOf(this.registered);
			this.registered.clear();
			this.onRollback.clear();
			tasks.forEach(Runnable::run);
		}

		void rollback() {
			this.active.set(null);
			this.registered.clear();
			List<Runnable> tasks = List.copyOf(this.onRollback);
			this.onRollback.clear();
			tasks.forEach(Runnable::run);
		}

		@Override
		public boolean runAfterCompletion(Runnable afterCommit, Runnable afterRollback) {
			if (this.active.get() != Thread.currentThread()) {
				return false;
			}
			this.registered.add(afterCommit);
			this.onRollback.add(afterRollback);
			return true;
		}

	}

}
