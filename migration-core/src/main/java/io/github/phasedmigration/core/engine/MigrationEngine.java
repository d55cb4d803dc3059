package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.journal.JournalFailures;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * Runs calls of migrated methods in their mode, as the behaviour contract says:
 *
 * <ul>
 * <li>reads in SHADOW and REVERSE_SHADOW run the secondary concurrently on the
 * {@link SecondaryExecutor}, with a timeout, and compare off the caller's thread; REVERSE_SHADOW
 * falls back to old when new throws ({@link ReadPaths});</li>
 * <li>writes run one after the other, the authoritative side first, the other only after it
 * succeeded (and committed); a failed second write goes to the journal ({@link DualWrites});</li>
 * <li>methods returning a {@link CompletionStage} are composed, never blocked on; methods returning
 * a Reactor {@code Mono} or {@code Flux} are subscribed, never blocked on ({@link ReactiveCalls}).</li>
 * </ul>
 *
 * The caller receives exactly what its primary returned or threw: failures of the secondary,
 * of comparators, listeners and handlers are counted and logged, never thrown (except with
 * {@code raiseOnDiscrepancy}, meant for tests).
 */
public final class MigrationEngine {

	static final Logger LOGGER = LoggerFactory.getLogger(MigrationRegistry.LOGGER_NAME);

	/** Name of the logger that receives discrepancies at WARN, rate-limited per migration. */
	public static final String DISCREPANCY_LOGGER_NAME = "io.github.phasedmigration.discrepancies";

	static final Logger DISCREPANCY_LOGGER = LoggerFactory.getLogger(DISCREPANCY_LOGGER_NAME);

	/**
	 * Where a caller's future is completed when the starter's own threads would otherwise do it: the
	 * common pool, as for any async stage, so that the caller's dependent stages never hold the
	 * timer or the secondary pool.
	 */
	static final Executor CALLER_STAGES = ForkJoinPool.commonPool();

	/** Extra wait beyond the timeout for a fallback, in case the timer thread is late. */
	static final long FALLBACK_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private final MigrationRegistry registry;

	private final SecondaryExecutor executor;

	private final ModeResolver modeResolver;

	private final ReadPaths reads;

	private final DualWrites writes;

	private final MigrationListener listener;

	private final Clock clock;

	private final int maxCollectedElements;

	/** Created at the first reactive call, so that Reactor is needed only by applications that have some. */
	private volatile @Nullable ReactiveCalls reactive;

	/** How many elements of a {@code Flux} are collected for a comparison unless configured. */
	public static final int DEFAULT_MAX_COLLECTED_ELEMENTS = 1000;

	/**
	 * An engine whose failed second writes go to the given journal.
	 * @param registry the migrations
	 * @param executor the pool of secondary reads
	 * @param modeResolver chooses each call's mode
	 * @param journal where failed second writes wait for their replay
	 * @param transactions how second writes wait for the caller's commit
	 * @param clock the time of journal entries and discrepancies
	 */
	public MigrationEngine(MigrationRegistry registry, SecondaryExecutor executor, ModeResolver modeResolver,
			WriteJournal journal, TransactionHook transactions, Clock clock) {
		this(registry, executor, modeResolver, journal, transactions, clock, DEFAULT_MAX_COLLECTED_ELEMENTS);
	}

	/**
	 * An engine whose failed second writes go to the given journal.
	 * @param registry the migrations
	 * @param executor the pool of secondary reads
	 * @param modeResolver chooses each call's mode
	 * @param journal where failed second writes wait for their replay
	 * @param transactions how second writes wait for the caller's commit
	 * @param clock the time of journal entries and discrepancies
	 * @param maxCollectedElements how many elements of a {@code Flux} are collected on each side for
	 * a comparison (one more is kept, so that a longer list never compares equal to a cut one)
	 */
	public MigrationEngine(MigrationRegistry registry, SecondaryExecutor executor, ModeResolver modeResolver,
			WriteJournal journal, TransactionHook transactions, Clock clock, int maxCollectedElements) {
		if (maxCollectedElements < 1) {
			throw new IllegalArgumentException("maxCollectedElements must be at least 1, was " + maxCollectedElements);
		}
		this.maxCollectedElements = maxCollectedElements;
		this.registry = registry;
		this.executor = executor;
		this.modeResolver = modeResolver;
		this.listener = registry.listener();
		this.clock = clock;
		this.reads = new ReadPaths(this, executor);
		this.writes = new DualWrites(this, journal, transactions);
	}

	/**
	 * Runs one call of a migrated method.
	 * @param migration the migration it belongs to
	 * @param call what to run
	 * @return what the caller receives
	 * @throws Throwable what the caller receives
	 */
	public @Nullable Object execute(Migration migration, MigrationCall call) throws Throwable {
		MigrationMode mode = resolveMode(migration, call);
		MigrationSettings settings = migration.settings();
		if (call.shape().reactive()) {
			return reactive().execute(migration, call, mode, settings);
		}
		if (!mode.runsSecondary()) {
			return call.async() ? primaryOnlyAsync(migration, call, mode.primary())
					: primaryOnly(migration, call, mode.primary());
		}
		if (call.kind() == MigrationKind.WRITE) {
			return call.async() ? this.writes.writeAsync(migration, call, mode, settings)
					: this.writes.write(migration, call, mode, settings);
		}
		return call.async() ? this.reads.readAsync(migration, call, mode, settings)
				: this.reads.read(migration, call, mode, settings);
	}

	private ReactiveCalls reactive() {
		ReactiveCalls current = this.reactive;
		if (current == null) {
			synchronized (this) {
				current = this.reactive;
				if (current == null) {
					current = new ReactiveCalls(this, this.writes, this.executor, this.maxCollectedElements);
					this.reactive = current;
				}
			}
		}
		return current;
	}

	private MigrationMode resolveMode(Migration migration, MigrationCall call) {
		try {
			return Objects.requireNonNull(this.modeResolver.resolve(migration, call), "resolved mode");
		}
		catch (RuntimeException ex) {
			LOGGER.warn("Mode resolver failed for migration '{}'; using its effective mode", migration.name(), ex);
			return migration.effectiveMode();
		}
	}

	// ---- one side only (OLD, NEW)

	private @Nullable Object primaryOnly(Migration migration, MigrationCall call, Impl impl) throws Throwable {
		Outcome outcome = run(impl, call.invoker(impl));
		recordCall(migration, Role.PRIMARY, outcome);
		return valueOrThrow(outcome);
	}

	private @Nullable Object primaryOnlyAsync(Migration migration, MigrationCall call, Impl impl) throws Throwable {
		long start = System.nanoTime();
		Object stage;
		try {
			stage = call.invoker(impl).invoke();
		}
		catch (Throwable ex) {
			recordCall(migration, Role.PRIMARY, Outcome.threw(impl, ex, System.nanoTime() - start));
			throw ex;
		}
		if (stage instanceof CompletionStage<?> completionStage) {
			completionStage.whenComplete((value, error) -> recordCall(migration, Role.PRIMARY,
					outcome(impl, value, error, System.nanoTime() - start)));
		}
		return stage;
	}

	/** Runs one side on the pool thread; the stage completes (never exceptionally) with its outcome. */
	CompletionStage<Outcome> runAsStage(Impl impl, MigrationCall call) {
		long start = System.nanoTime();
		Object returned;
		try {
			returned = call.invoker(impl).invoke();
		}
		catch (Throwable ex) {
			return CompletableFuture.completedFuture(Outcome.threw(impl, ex, System.nanoTime() - start));
		}
		if (!call.async()) {
			return CompletableFuture.completedFuture(Outcome.returned(impl, returned, System.nanoTime() - start));
		}
		return asStage(returned).handle((value, error) -> outcome(impl, value, error, System.nanoTime() - start));
	}

	void raiseIfDiscrepancy(Comparison comparison, MigrationSettings settings) {
		if (!settings.raiseOnDiscrepancy()) {
			return;
		}
		try {
			ComparisonResult verdict = comparison.done.get(settings.timeout().toNanos() + FALLBACK_GRACE_NANOS,
					TimeUnit.NANOSECONDS);
			Discrepancy discrepancy = comparison.discrepancy();
			if (verdict == ComparisonResult.MISMATCH && discrepancy != null) {
				throw new MigrationDiscrepancyException(discrepancy);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// no verdict in time: nothing to raise
		}
	}

	// ---- shared steps

	static Outcome run(Impl impl, Invoker invoker) {
		long start = System.nanoTime();
		try {
			return Outcome.returned(impl, invoker.invoke(), System.nanoTime() - start);
		}
		catch (Throwable ex) {
			return Outcome.threw(impl, ex, System.nanoTime() - start);
		}
	}

	static Outcome outcome(Impl impl, @Nullable Object value, @Nullable Throwable error, long nanos) {
		return (error != null) ? Outcome.threw(impl, Outcome.unwrap(error), nanos)
				: Outcome.returned(impl, value, nanos);
	}

	@SuppressWarnings("unchecked")
	static CompletionStage<Object> asStage(@Nullable Object returned) {
		if (returned instanceof CompletionStage<?> stage) {
			return (CompletionStage<Object>) stage;
		}
		return CompletableFuture.failedFuture(new IllegalStateException(
				"An asynchronous migrated method returned " + returned + " instead of a CompletionStage"));
	}

	static @Nullable Object valueOrThrow(Outcome outcome) throws Throwable {
		if (outcome.succeeded()) {
			return outcome.value();
		}
		throw Objects.requireNonNull(outcome.error());
	}

	void recordCall(Migration migration, Role role, Outcome outcome) {
		migration.counters().call(outcome.impl(), role, outcome.succeeded());
		if (migration.effectiveMode() != MigrationMode.OLD
				&& (outcome.finished() || outcome.impl() == Impl.NEW)) {
			// in OLD new never runs: nothing to judge. Old's timeouts as the secondary say nothing of its
			// errors, and counted as such they would raise the baseline new's error rate is held to
			migration.window().call(outcome.impl(), outcome.succeeded(), outcome.nanos());
		}
		this.listener.onCall(migration, outcome.impl(), role, outcome.succeeded(), outcome.nanos());
	}

	void fallbackServed(Migration migration) {
		migration.counters().fallback();
		this.listener.onFallback(migration);
	}

	void compareOffCaller(Comparison comparison) {
		try {
			this.executor.execute(comparison::finish);
		}
		catch (RejectedExecutionException ex) {
			comparison.rejected();
		}
	}

	void comparisonCounted(Migration migration, ComparisonResult result) {
		migration.counters().comparison(result);
		migration.window().comparison(result);
		this.listener.onComparison(migration, result);
	}

	void discrepancyFound(Comparison comparison, Migration migration, MismatchCategory category, Outcome oldOutcome,
			Outcome newOutcome, List<String> differences) {
		migration.counters().mismatch(category);
		this.listener.onDiscrepancy(migration, category);
		long suppressed = migration.discrepancyLog().tryAcquire();
		comparison.record(category, oldOutcome, newOutcome, differences, suppressed >= 0, Math.max(0, suppressed));
	}

	DiscrepancySettings discrepancySettings() {
		return this.registry.discrepancySettings();
	}

	Clock clock() {
		return this.clock;
	}

	MigrationListener listener() {
		return this.listener;
	}

	/** Appends to the journal that failed since start-up (invariant I6). */
	public JournalFailures journalFailures() {
		return this.writes.journalFailures();
	}

	/** The pool of secondaries. */
	public SecondaryExecutor executor() {
		return this.executor;
	}

	/** The registry of migrations. */
	public MigrationRegistry registry() {
		return this.registry;
	}

}
