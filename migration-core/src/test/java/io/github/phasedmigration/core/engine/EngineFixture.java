package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.context.ContextSnapshotFactory;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.execution.ExecutorSettings;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.journal.ForwardingWriteJournal;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.registry.ModeChange;

/**
 * An engine wired without Spring, with a listener and a failed-write handler that record what
 * they receive. Close it after each test so that the pool's threads go away.
 */
final class EngineFixture implements AutoCloseable {

	static final String METHOD = "Svc.find(..)";

	static final String NAME = "m";

	static final Duration TIMEOUT = Duration.ofMillis(500);

	static final ExecutorSettings EXECUTOR_SETTINGS = new ExecutorSettings(2, 4, "test-", Duration.ofSeconds(1));

	final RecordingListener listener = new RecordingListener();

	final RecordingJournal failedWrites = new RecordingJournal();

	final MigrationRegistry registry;

	final SecondaryExecutor executor;

	final MigrationEngine engine;

	EngineFixture() {
		this(DiscrepancySettings.DEFAULTS, EXECUTOR_SETTINGS, ContextSnapshotFactory.builder().build(),
				ModeResolver.EFFECTIVE_MODE, Clock.systemUTC());
	}

	EngineFixture(DiscrepancySettings discrepancySettings) {
		this(discrepancySettings, EXECUTOR_SETTINGS, ContextSnapshotFactory.builder().build(),
				ModeResolver.EFFECTIVE_MODE, Clock.systemUTC());
	}

	EngineFixture(ExecutorSettings executorSettings) {
		this(DiscrepancySettings.DEFAULTS, executorSettings, ContextSnapshotFactory.builder().build(),
				ModeResolver.EFFECTIVE_MODE, Clock.systemUTC());
	}

	EngineFixture(DiscrepancySettings discrepancySettings, ExecutorSettings executorSettings,
			ContextSnapshotFactory snapshots, ModeResolver modeResolver, Clock clock) {
		this(discrepancySettings, executorSettings, snapshots, modeResolver, TransactionHook.NONE, clock);
	}

	/** An engine whose second writes wait for the commits that the given hook reports. */
	EngineFixture(TransactionHook transactions, Clock clock) {
		this(DiscrepancySettings.DEFAULTS, EXECUTOR_SETTINGS, ContextSnapshotFactory.builder().build(),
				ModeResolver.EFFECTIVE_MODE, transactions, clock);
	}

	private EngineFixture(DiscrepancySettings discrepancySettings, ExecutorSettings executorSettings,
			ContextSnapshotFactory snapshots, ModeResolver modeResolver, TransactionHook transactions, Clock clock) {
		this.registry = new MigrationRegistry(discrepancySettings, this.listener, clock);
		this.executor = new SecondaryExecutor(executorSettings, snapshots);
		this.engine = new MigrationEngine(this.registry, this.executor, modeResolver, this.failedWrites,
				transactions, clock);
	}

	/** 500 ms timeout, fallback on, exception messages ignored, write results not compared, no raising. */
	static MigrationSettings settings() {
		return new MigrationSettings(TIMEOUT, true, false, false, false, new DeepEqualsComparator());
	}

	static MigrationSettings settings(ResultComparator comparator) {
		return settings().withComparator(comparator);
	}

	Migration migration(MigrationMode mode) {
		return migration(mode, settings());
	}

	Migration migration(MigrationMode mode, MigrationSettings settings) {
		return this.registry.register(NAME, mode, settings);
	}

	Object read(Migration migration, Invoker oldInvoker, Invoker newInvoker, Object... arguments) throws Throwable {
		return this.engine.execute(migration,
				new MigrationCall(METHOD, arguments, MigrationKind.READ, false, oldInvoker, newInvoker));
	}

	Object write(Migration migration, Invoker oldInvoker, Invoker newInvoker, Object... arguments) throws Throwable {
		return this.engine.execute(migration,
				new MigrationCall(METHOD, arguments, MigrationKind.WRITE, false, oldInvoker, newInvoker));
	}

	CompletionStage<?> readAsync(Migration migration, Invoker oldInvoker, Invoker newInvoker, Object... arguments)
			throws Throwable {
		return (CompletionStage<?>) this.engine.execute(migration,
				new MigrationCall(METHOD, arguments, MigrationKind.READ, true, oldInvoker, newInvoker));
	}

	CompletionStage<?> writeAsync(Migration migration, Invoker oldInvoker, Invoker newInvoker, Object... arguments)
			throws Throwable {
		return (CompletionStage<?>) this.engine.execute(migration,
				new MigrationCall(METHOD, arguments, MigrationKind.WRITE, true, oldInvoker, newInvoker));
	}

	/** Waits until the migration counted that many comparisons (of any result). */
	static void awaitComparisons(Migration migration, long expected) {
		await().until(() -> totalComparisons(migration) >= expected);
	}

	static long totalComparisons(Migration migration) {
		return Arrays.stream(ComparisonResult.values()).mapToLong(migration.counters()::comparisons).sum();
	}

	static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5));
	}

	@Override
	public void close() {
		this.executor.close();
	}

	/** Records every event; when {@code failing} is set it throws after recording. */
	static final class RecordingListener implements MigrationListener {

		record CallEvent(Impl impl, Role role, boolean success, String thread) {
		}

		final List<Migration> registered = new CopyOnWriteArrayList<>();

		final List<CallEvent> calls = new CopyOnWriteArrayList<>();

		final List<ComparisonResult> comparisons = new CopyOnWriteArrayList<>();

		final List<MismatchCategory> discrepancies = new CopyOnWriteArrayList<>();

		final AtomicInteger fallbacks = new AtomicInteger();

		final List<Impl> failedWrites = new CopyOnWriteArrayList<>();

		final List<ModeChange> modeChanges = new CopyOnWriteArrayList<>();

		final List<JournalCause> journaled = new CopyOnWriteArrayList<>();

		final AtomicInteger journalFailures = new AtomicInteger();

		final List<Migration> modeChangeMigrations = new CopyOnWriteArrayList<>();

		volatile boolean failing;

		@Override
		public void onRegistered(Migration migration) {
			this.registered.add(migration);
			failIfAsked();
		}

		@Override
		public void onCall(Migration migration, Impl impl, Role role, boolean success, long nanos) {
			this.calls.add(new CallEvent(impl, role, success, Thread.currentThread().getName()));
			failIfAsked();
		}

		@Override
		public void onComparison(Migration migration, ComparisonResult result) {
			this.comparisons.add(result);
			failIfAsked();
		}

		@Override
		public void onDiscrepancy(Migration migration, MismatchCategory category) {
			this.discrepancies.add(category);
			failIfAsked();
		}

		@Override
		public void onFallback(Migration migration) {
			this.fallbacks.incrementAndGet();
			failIfAsked();
		}

		@Override
		public void onFailedWrite(Migration migration, Impl impl) {
			this.failedWrites.add(impl);
			failIfAsked();
		}

		@Override
		public void onJournaled(Migration migration, Impl impl, JournalCause cause) {
			this.journaled.add(cause);
			failIfAsked();
		}

		@Override
		public void onJournalFailure(Migration migration) {
			this.journalFailures.incrementAndGet();
			failIfAsked();
		}

		@Override
		public void onModeChange(Migration migration, ModeChange change) {
			this.modeChangeMigrations.add(migration);
			this.modeChanges.add(change);
			failIfAsked();
		}

		private void failIfAsked() {
			if (this.failing) {
				throw new IllegalStateException("listener failure");
			}
		}

	}

	/**
	 * An in-memory journal that also keeps what it is given and on which thread; throws
	 * {@code toThrow} after keeping an entry when set.
	 */
	static class RecordingJournal extends ForwardingWriteJournal {

		final InMemoryWriteJournal delegate;

		final List<NewJournalEntry> handled = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		volatile Throwable toThrow;

		/** Thrown by {@link #hasEntries} when set. */
		volatile RuntimeException hasEntriesError;

		RecordingJournal() {
			this(new InMemoryWriteJournal());
		}

		private RecordingJournal(InMemoryWriteJournal delegate) {
			super(delegate);
			this.delegate = delegate;
		}

		@Override
		public long append(NewJournalEntry entry) {
			this.handled.add(entry);
			this.threads.add(Thread.currentThread().getName());
			Throwable error = this.toThrow;
			if (error instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (error instanceof Error failure) {
				throw failure;
			}
			return super.append(entry);
		}

		@Override
		public boolean hasEntries(String migration, String key) {
			RuntimeException error = this.hasEntriesError;
			if (error != null) {
				throw error;
			}
			return super.hasEntries(migration, key);
		}

	}

}
