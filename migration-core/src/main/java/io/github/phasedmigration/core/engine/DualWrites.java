package io.github.phasedmigration.core.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.discrepancy.Rendering;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalFailures;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.journal.WriteMethod;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * Writes in SHADOW and REVERSE_SHADOW, as the contract orders them: the authoritative write first
 * on the caller's thread, the other only after it succeeded and, inside a transaction, only after
 * the commit (unless the migration joins the transaction). A second write that fails goes to the
 * {@link WriteJournal}; so does a second write whose key already has an entry there, so that the
 * replays of a key keep its order. What the journal cannot take is logged at ERROR with the
 * arguments and counted; the caller gets the authoritative result either way.
 */
final class DualWrites {

	/** Name of the logger of second writes that failed. */
	static final String FAILED_WRITES_LOGGER_NAME = "io.github.phasedmigration.failed-writes";

	private static final Logger failedWritesLogger = LoggerFactory.getLogger(FAILED_WRITES_LOGGER_NAME);

	private static final Runnable NOTHING = () -> {
	};

	private final MigrationEngine engine;

	private final WriteJournal journal;

	private final TransactionHook transactions;

	private final JournalFailures journalFailures = new JournalFailures();

	private final KeyLocks keyLocks = new KeyLocks();

	private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final AtomicLong lastHasEntriesWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

	/**
	 * Keys whose journaling waits for the commit of a caller's transaction (joined second writes
	 * that failed): until it happens, the journal cannot know them, so later writes of these keys
	 * must queue as if it did.
	 */
	private final ConcurrentMap<String, AtomicInteger> keysAwaitingCommit = new ConcurrentHashMap<>();

	DualWrites(MigrationEngine engine, WriteJournal journal, TransactionHook transactions) {
		this.engine = engine;
		this.journal = journal;
		this.transactions = transactions;
	}

	@Nullable Object write(Migration migration, MigrationCall call, MigrationMode mode, MigrationSettings settings)
			throws Throwable {
		Impl firstImpl = mode.primary();
		Outcome first = MigrationEngine.run(firstImpl, call.invoker(firstImpl));
		this.engine.recordCall(migration, Role.PRIMARY, first);
		if (!first.succeeded()) {
			throw Objects.requireNonNull(first.error());
		}
		SecondWrite second = new SecondWrite(migration, call, firstImpl.other(), settings, first);
		if (!settings.joinTransaction() && afterCompletion(migration, second::runAfterCommit, NOTHING)) {
			return first.value();
		}
		Comparison comparison = second.run();
		if (comparison != null) {
			this.engine.raiseIfDiscrepancy(comparison, settings);
		}
		return first.value();
	}

	@Nullable Object writeAsync(Migration migration, MigrationCall call, MigrationMode mode, MigrationSettings settings)
			throws Throwable {
		Impl firstImpl = mode.primary();
		// registered on the caller's thread, where the caller's transaction (if any) is
		CompletableFuture<Boolean> committed = new CompletableFuture<>();
		boolean inTransaction = !settings.joinTransaction() && afterCompletion(migration,
				() -> committed.complete(true), () -> committed.complete(false));
		long start = System.nanoTime();
		Object returned;
		try {
			returned = call.invoker(firstImpl).invoke();
		}
		catch (Throwable ex) {
			this.engine.recordCall(migration, Role.PRIMARY, Outcome.threw(firstImpl, ex, System.nanoTime() - start));
			throw ex;
		}
		CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
		MigrationEngine.asStage(returned).whenComplete((value, error) -> {
			Outcome first = MigrationEngine.outcome(firstImpl, value, error, System.nanoTime() - start);
			this.engine.recordCall(migration, Role.PRIMARY, first);
			if (!first.succeeded()) {
				result.completeExceptionally(Objects.requireNonNull(first.error()));
				return;
			}
			SecondWrite second = new SecondWrite(migration, call, firstImpl.other(), settings, first);
			if (!inTransaction) {
				secondAsync(migration, call, firstImpl.other(), second, () -> result.complete(value));
				return;
			}
			// the caller may wait for this future inside its transaction: it cannot also wait for the commit
			result.complete(value);
			committed.thenAccept((commit) -> {
				if (commit) {
					secondAsync(migration, call, firstImpl.other(), second, () -> {
					});
				}
			});
		});
		return result;
	}

	private void secondAsync(Migration migration, MigrationCall call, Impl impl, SecondWrite second, Runnable done) {
		String key = second.key();
		if (key != null && hasEntries(migration, key)) {
			try {
				second.queue(key);
			}
			finally {
				done.run();
			}
			return;
		}
		this.engine.runAsStage(impl, call).whenComplete((outcome, never) -> {
			try {
				second.settle(outcome, key, false);
			}
			finally {
				done.run();
			}
		});
	}

	/** Registers tasks for the end of the caller's transaction; {@code false} when none is active. */
	private boolean afterCompletion(Migration migration, Runnable afterCommit, Runnable afterRollback) {
		try {
			return this.transactions.runAfterCompletion(afterCommit, afterRollback);
		}
		catch (RuntimeException ex) {
			MigrationEngine.LOGGER.warn("Migration '{}': could not wait for the caller's commit; going on at once",
					migration.name(), ex);
			return false;
		}
	}

	JournalFailures journalFailures() {
		return this.journalFailures;
	}

	private boolean hasEntries(Migration migration, String key) {
		try {
			return this.journal.hasEntries(migration.name(), key);
		}
		catch (RuntimeException ex) {
			// the journal cannot say: writing now keeps the data flowing; queuing would need the same journal
			long now = System.nanoTime();
			long last = this.lastHasEntriesWarning.get();
			if (now - last >= WARN_EVERY_NANOS && this.lastHasEntriesWarning.compareAndSet(last, now)) {
				MigrationEngine.LOGGER.warn("Migration '{}': the journal could not tell whether key {} has entries; "
						+ "writing without waiting for them (logged at most once a minute)", migration.name(), key,
						ex);
			}
			return false;
		}
	}

	/** The second write of one call. */
	private final class SecondWrite {

		private final Migration migration;

		private final MigrationCall call;

		private final Impl impl;

		private final MigrationSettings settings;

		private final Outcome first;

		/** Read right after the authoritative write: a caller changing its arguments later cannot move it. */
		private final @Nullable String key;

		SecondWrite(Migration migration, MigrationCall call, Impl impl, MigrationSettings settings, Outcome first) {
			this.migration = migration;
			this.call = call;
			this.impl = impl;
			this.settings = settings;
			this.first = first;
			this.key = evaluateKey();
		}

		void runAfterCommit() {
			try {
				run();
			}
			catch (RuntimeException ex) {
				MigrationEngine.LOGGER.error("Migration '{}': the second write after the commit failed unexpectedly",
						this.migration.name(), ex);
			}
		}

		/** Runs the write (or queues it behind its key); returns the comparison of the results, if any. */
		@Nullable Comparison run() {
			String key = this.key;
			ReentrantLock lock = (key != null) ? DualWrites.this.keyLocks.lockFor(this.migration.name(), key) : null;
			if (lock != null) {
				lock.lock();
			}
			try {
				if (key != null && (awaitsCommit(key) || hasEntries(this.migration, key))) {
					journalAtCommit(key, JournalCause.QUEUED,
							"queued behind an earlier journaled write of key " + key);
					return null;
				}
				Outcome second = MigrationEngine.run(this.impl, this.call.invoker(this.impl));
				return settle(second, key, this.settings.joinTransaction());
			}
			finally {
				if (lock != null) {
					lock.unlock();
				}
			}
		}

		@Nullable String key() {
			return this.key;
		}

		private @Nullable String evaluateKey() {
			WriteMethod method = this.call.writeMethod();
			if (method == null) {
				return null;
			}
			try {
				return method.key(this.call.arguments());
			}
			catch (RuntimeException ex) {
				MigrationEngine.LOGGER.warn("Migration '{}': the key of {} could not be evaluated; this write is "
						+ "not ordered against others of its key", this.migration.name(), this.call.method(), ex);
				return null;
			}
		}

		/** Queues an asynchronous write behind its key (asynchronous writes never join a transaction). */
		void queue(String key) {
			journal(key, JournalCause.QUEUED, "queued behind an earlier journaled write of key " + key);
		}

		/** Records the second write; journals it when it failed; returns the comparison, if any. */
		@Nullable Comparison settle(Outcome second, @Nullable String key, boolean inCallerTransaction) {
			DualWrites.this.engine.recordCall(this.migration, Role.SECONDARY, second);
			if (!second.succeeded()) {
				this.migration.counters().failedWrite();
				DualWrites.this.engine.listener().onFailedWrite(this.migration, this.impl);
				String error = String.valueOf(second.error());
				if (inCallerTransaction) {
					journalAtCommit(key, JournalCause.FAILED, error);
				}
				else {
					journal(key, JournalCause.FAILED, error);
				}
				return null;
			}
			if (!this.settings.compareWriteResults()) {
				return null;
			}
			Comparison comparison = new Comparison(DualWrites.this.engine, this.migration, this.call, this.settings);
			comparison.secondaryDone(second);
			comparison.primaryDone(this.first);
			return comparison;
		}

		private boolean awaitsCommit(String key) {
			return DualWrites.this.keysAwaitingCommit.containsKey(keyId(key));
		}

		private String keyId(String key) {
			return this.migration.name() + '\u0000' + key;
		}

		/**
		 * Journals when the second write joined the caller's transaction: at its commit, since after a
		 * rollback there is nothing to replay (I2); until then later writes of the key queue (I3).
		 */
		private void journalAtCommit(@Nullable String key, JournalCause cause, String error) {
			if (!this.settings.joinTransaction()) {
				journal(key, cause, error);
				return;
			}
			String keyId = (key != null) ? keyId(key) : null;
			if (keyId != null) {
				DualWrites.this.keysAwaitingCommit.computeIfAbsent(keyId, (id) -> new AtomicInteger()).incrementAndGet();
			}
			Runnable release = () -> {
				if (keyId != null) {
					DualWrites.this.keysAwaitingCommit.computeIfPresent(keyId,
							(id, count) -> (count.decrementAndGet() == 0) ? null : count);
				}
			};
			boolean deferred = afterCompletion(this.migration, () -> {
				try {
					journal(key, cause, error);
				}
				finally {
					release.run();
				}
			}, release);
			if (!deferred) {
				release.run();
				journal(key, cause, error);
			}
		}

		private void journal(@Nullable String key, JournalCause cause, String error) {
			Object[] arguments = this.call.arguments();
			int maxLength = DualWrites.this.engine.discrepancySettings().maxRenderedLength();
			WriteMethod method = this.call.writeMethod();
			Instant now = Instant.now(DualWrites.this.engine.clock());
			try {
				String encoded = (method != null) ? method.encode(arguments) : Rendering.render(arguments, maxLength);
				String methodId = (method != null) ? method.id() : this.call.method();
				DualWrites.this.journal.append(new NewJournalEntry(now, this.migration.name(), this.impl, methodId, key,
						encoded, arguments, cause, error));
				DualWrites.this.engine.listener().onJournaled(this.migration, this.impl, cause);
				if (cause == JournalCause.FAILED) {
					failedWritesLogger.warn("Second write of migration '{}' to {} failed and is journaled for replay: "
							+ "{} with arguments {}: {}", this.migration.name(), this.impl.tag(), this.call.method(),
							Rendering.render(arguments, maxLength), error);
				}
			}
			catch (Throwable ex) {
				if (ex instanceof VirtualMachineError vmError) {
					throw vmError;
				}
				DualWrites.this.journalFailures.record(now, this.migration.name(), ex);
				DualWrites.this.engine.listener().onJournalFailure(this.migration);
				failedWritesLogger.error("Migration '{}': the journal could not take the {} second write to {}; it is "
						+ "NOT reconciled: {} with arguments {} (key {}): {}", this.migration.name(), cause.tag(),
						this.impl.tag(), this.call.method(), Rendering.render(arguments, maxLength), key, error, ex);
			}
		}

	}

}
