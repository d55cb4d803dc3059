package io.github.phasedmigration.core.engine;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * The read paths of SHADOW and REVERSE_SHADOW, for methods that return a value and for those that
 * return a {@link CompletionStage}: the primary answers the caller, the secondary runs on the pool
 * within its timeout and is compared, and in REVERSE_SHADOW old answers when new failed (the
 * fallback). The write paths are {@link DualWrites}', the reactive ones {@link ReactiveCalls}'.
 */
final class ReadPaths {

	private final MigrationEngine engine;

	private final SecondaryExecutor executor;

	ReadPaths(MigrationEngine engine, SecondaryExecutor executor) {
		this.engine = engine;
		this.executor = executor;
	}

	@Nullable Object read(Migration migration, MigrationCall call, MigrationMode mode,
			MigrationSettings settings) throws Throwable {
		Impl primaryImpl = mode.primary();
		Comparison comparison = new Comparison(this.engine, migration, call, settings);
		CompletableFuture<Outcome> secondary = startSecondary(migration, call, primaryImpl.other(), settings,
				comparison);
		Outcome primary = MigrationEngine.run(primaryImpl, call.invoker(primaryImpl));
		this.engine.recordCall(migration, Role.PRIMARY, primary);
		comparison.primaryDone(primary);
		if (!primary.succeeded() && mode == MigrationMode.REVERSE_SHADOW && settings.fallback()) {
			Outcome fallback = awaitFallback(migration, call, secondary, settings);
			if (fallback != null && fallback.succeeded()) {
				this.engine.fallbackServed(migration);
				this.engine.raiseIfDiscrepancy(comparison, settings);
				return fallback.value();
			}
		}
		this.engine.raiseIfDiscrepancy(comparison, settings);
		return MigrationEngine.valueOrThrow(primary);
	}

	@Nullable Object readAsync(Migration migration, MigrationCall call, MigrationMode mode,
			MigrationSettings settings) throws Throwable {
		Impl primaryImpl = mode.primary();
		Comparison comparison = new Comparison(this.engine, migration, call, settings);
		CompletableFuture<Outcome> secondary = startSecondary(migration, call, primaryImpl.other(), settings,
				comparison);
		boolean mayReplaceResult = (mode == MigrationMode.REVERSE_SHADOW && settings.fallback())
				|| settings.raiseOnDiscrepancy();
		long start = System.nanoTime();
		Object returned;
		try {
			returned = call.invoker(primaryImpl).invoke();
		}
		catch (Throwable ex) {
			if (!mayReplaceResult) {
				Outcome primary = Outcome.threw(primaryImpl, ex, System.nanoTime() - start);
				this.engine.recordCall(migration, Role.PRIMARY, primary);
				comparison.primaryDone(primary);
				throw ex;
			}
			returned = CompletableFuture.failedFuture(ex);
		}
		CompletionStage<?> primaryStage = MigrationEngine.asStage(returned);
		if (!mayReplaceResult) {
			primaryStage.whenComplete((value, error) -> {
				Outcome primary = MigrationEngine.outcome(primaryImpl, value, error, System.nanoTime() - start);
				this.engine.recordCall(migration, Role.PRIMARY, primary);
				comparison.primaryDone(primary);
			});
			return returned; // the caller's stage, untouched
		}
		CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
		primaryStage.whenComplete((value, error) -> {
			Outcome primary = MigrationEngine.outcome(primaryImpl, value, error, System.nanoTime() - start);
			this.engine.recordCall(migration, Role.PRIMARY, primary);
			comparison.primaryDone(primary);
			if (primary.succeeded() || mode != MigrationMode.REVERSE_SHADOW || !settings.fallback()) {
				completeAfterVerdict(result, primary, comparison, settings);
				return;
			}
			CompletableFuture<Outcome> fallback = (secondary != null) ? secondary
					: this.engine.runAsStage(Impl.OLD, call).toCompletableFuture()
						.orTimeout(settings.timeout().toNanos(), TimeUnit.NANOSECONDS)
						.whenComplete((old, timeout) -> {
							if (old != null) {
								this.engine.recordCall(migration, Role.SECONDARY, old);
							}
						});
			// old may finish on a pool thread or time out on the timer thread: the caller's stages run elsewhere
			fallback.whenCompleteAsync((old, timeout) -> {
				if (old != null && old.succeeded()) {
					this.engine.fallbackServed(migration);
					completeAfterVerdict(result, old, comparison, settings);
				}
				else {
					completeAfterVerdict(result, primary, comparison, settings);
				}
			}, MigrationEngine.CALLER_STAGES);
		});
		return result;
	}

	private void completeAfterVerdict(CompletableFuture<@Nullable Object> result, Outcome served,
			Comparison comparison, MigrationSettings settings) {
		if (!settings.raiseOnDiscrepancy()) {
			complete(result, served);
			return;
		}
		comparison.done.whenCompleteAsync((verdict, error) -> {
			Discrepancy discrepancy = comparison.discrepancy();
			if (verdict == ComparisonResult.MISMATCH && discrepancy != null) {
				result.completeExceptionally(new MigrationDiscrepancyException(discrepancy));
			}
			else {
				complete(result, served);
			}
		}, MigrationEngine.CALLER_STAGES);
	}

	private static void complete(CompletableFuture<@Nullable Object> result, Outcome served) {
		if (served.succeeded()) {
			result.complete(served.value());
		}
		else {
			result.completeExceptionally(Objects.requireNonNull(served.error()));
		}
	}

	/**
	 * Submits the secondary; its outcome reaches the comparison when it finishes, times out or is
	 * rejected.
	 * @return the future of its outcome, or {@code null} when it was rejected
	 */
	private @Nullable CompletableFuture<Outcome> startSecondary(Migration migration, MigrationCall call, Impl impl,
			MigrationSettings settings, Comparison comparison) {
		CompletableFuture<Outcome> secondary;
		try {
			secondary = this.executor.submit(() -> this.engine.runAsStage(impl, call), settings.timeout());
		}
		catch (RejectedExecutionException ex) {
			comparison.secondaryDone(Outcome.rejected(impl));
			return null;
		}
		long submitted = System.nanoTime();
		secondary.whenComplete((outcome, failure) -> {
			if (outcome == null && failure instanceof SecondaryExecutor.SecondaryTimeoutException) {
				// a timeout is the secondary's error too: its latency and error rate must show it
				outcome = Outcome.timedOut(impl, System.nanoTime() - submitted);
				this.engine.recordCall(migration, Role.SECONDARY, outcome);
			}
			else if (outcome == null) {
				outcome = Outcome.rejected(impl); // the executor closed before it ran
			}
			else {
				this.engine.recordCall(migration, Role.SECONDARY, outcome);
			}
			comparison.secondaryDone(outcome);
		});
		return secondary;
	}

	private @Nullable Outcome awaitFallback(Migration migration, MigrationCall call,
			@Nullable CompletableFuture<Outcome> secondary, MigrationSettings settings) {
		if (secondary == null) {
			return runInlineFallback(migration, call);
		}
		try {
			long wait = settings.timeout().toNanos() + MigrationEngine.FALLBACK_GRACE_NANOS;
			return secondary.get(wait, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | TimeoutException ex) {
			return null; // old timed out: the caller gets new's exception
		}
	}

	/** The pool had no room for old: a fallback still owes the caller old's answer, so run it here (sync reads). */
	private Outcome runInlineFallback(Migration migration, MigrationCall call) {
		Outcome old = MigrationEngine.run(Impl.OLD, call.invoker(Impl.OLD));
		this.engine.recordCall(migration, Role.SECONDARY, old);
		return old;
	}

}
