package io.github.phasedmigration.core.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.ResultShape;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * Calls of migrated methods that return a Reactor {@link Mono} or {@link Flux}, as the contract's
 * table says, without ever blocking the thread that subscribes (an event loop, often):
 *
 * <ul>
 * <li>the method is invoked when it is called, as any method; each subscription to what it
 * returned is one call of the migration, with its own secondary and comparison;</li>
 * <li>OLD and NEW return the primary's publisher, only timed;</li>
 * <li>reads in SHADOW and REVERSE_SHADOW hand the primary's publisher to the caller and, when the
 * caller subscribes, subscribe the secondary from the {@link SecondaryExecutor} (bounded: at most
 * as many in flight as the pool has threads and queue slots; the rest are counted as rejected),
 * with the Reactor context and the context registered with Micrometer's {@code ContextRegistry},
 * and the timeout; a {@code Flux} is compared as the list of its first elements (bounded);
 * cancelling the caller's subscription cancels the secondary; REVERSE_SHADOW serves old's elements
 * when new fails before emitting any;</li>
 * <li>writes ({@code Mono} only) subscribe the authoritative write when the caller subscribes and
 * the second write only after it completed successfully, through the same {@link DualWrites} as
 * {@code CompletionStage} writes (journal, order per key); the second write and the journal run
 * on Reactor's bounded elastic scheduler, never on the thread the first write completed on.</li>
 * </ul>
 */
final class ReactiveCalls {

	/** Extra wait beyond the timeout for the verdict of a comparison raised to the caller (tests only). */
	private static final long VERDICT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private final MigrationEngine engine;

	private final DualWrites writes;

	private final SecondaryExecutor executor;

	private final ContextSnapshotFactory snapshots;

	private final Semaphore inFlight;

	private final int maxElements;

	ReactiveCalls(MigrationEngine engine, DualWrites writes, SecondaryExecutor executor, int maxElements) {
		this.engine = engine;
		this.writes = writes;
		this.executor = executor;
		this.snapshots = executor.contextSnapshots();
		this.inFlight = new Semaphore(executor.settings().threads() + executor.settings().queueCapacity());
		this.maxElements = maxElements;
	}

	Object execute(Migration migration, MigrationCall call, MigrationMode mode, MigrationSettings settings)
			throws Throwable {
		if (!mode.runsSecondary()) {
			return primaryOnly(migration, call, mode.primary());
		}
		if (call.kind() == MigrationKind.WRITE) {
			return write(migration, call, mode, settings);
		}
		return read(migration, call, mode, settings);
	}

	// ---- one side only (OLD, NEW)

	private Object primaryOnly(Migration migration, MigrationCall call, Impl impl) throws Throwable {
		Publisher<?> publisher = invokeOnCaller(migration, call, impl);
		// only timed: nothing compares its elements, so at most one is kept
		Flux<Object> timed = Flux.defer(() -> tapped(publisher, call.shape(), impl, new Elements(0),
				(outcome) -> this.engine.recordCall(migration, Role.PRIMARY, outcome), () -> {
				}));
		return shaped(timed, call.shape());
	}

	// ---- reads

	private Object read(Migration migration, MigrationCall call, MigrationMode mode, MigrationSettings settings)
			throws Throwable {
		Impl primaryImpl = mode.primary();
		boolean fallback = mode == MigrationMode.REVERSE_SHADOW && settings.fallback();
		Publisher<?> primary;
		try {
			primary = publisher(call.invoker(primaryImpl).invoke(), call);
		}
		catch (Throwable ex) {
			if (!fallback) {
				this.engine.recordCall(migration, Role.PRIMARY, Outcome.threw(primaryImpl, ex, 0));
				throw ex;
			}
			primary = Flux.error(ex); // new failed before it returned a publisher: old may still serve
		}
		Publisher<?> primaryPublisher = primary;
		Flux<Object> read = Flux.deferContextual((context) -> subscribeRead(migration, call, settings, primaryImpl,
				primaryPublisher, fallback, context));
		return shaped(read, call.shape());
	}

	/** One subscription of the caller: one call of the migration. */
	private Flux<Object> subscribeRead(Migration migration, MigrationCall call, MigrationSettings settings,
			Impl primaryImpl, Publisher<?> primaryPublisher, boolean fallback, ContextView context) {
		Comparison comparison = new Comparison(this.engine, migration, call, settings);
		Secondary secondary = startSecondary(migration, call, primaryImpl.other(), settings, comparison, context);
		Elements elements = new Elements(this.maxElements);
		// the caller going away before the primary ended leaves nothing to compare
		Flux<Object> served = tapped(primaryPublisher, call.shape(), primaryImpl, elements,
				(primary) -> primaryDone(migration, comparison, primary), secondary::cancel);
		if (fallback) {
			// once elements reached the caller, old's cannot replace them: the error stands
			served = served.onErrorResume((error) -> !elements.any(),
					(error) -> fallback(migration, call, settings, secondary, error, context));
		}
		if (settings.raiseOnDiscrepancy()) {
			Mono<Object> verdict = verdict(comparison, settings);
			// a Mono's value waits for the verdict: block(), toFuture() and next() stop listening after it
			served = (call.shape() == ResultShape.MONO) ? Mono.fromDirect(served).flatMap((value) -> verdict.thenReturn(value))
				.switchIfEmpty(verdict)
				.flux() : served.concatWith(verdict);
		}
		return served;
	}

	/**
	 * The primary's signals, passed on as they are, with its end reported once: a Mono's value (its
	 * success, even when the caller stops listening right after it: {@code next()}, {@code Mono.from}),
	 * the completion, the error, or a cancellation before any of those.
	 */
	private static Flux<Object> tapped(Publisher<?> primary, ResultShape shape, Impl impl, Elements elements,
			Consumer<Outcome> ended, Runnable cancelledBeforeEnd) {
		long start = System.nanoTime();
		boolean mono = shape == ResultShape.MONO;
		return Flux.<Object>from(primary).doOnNext((element) -> {
			elements.add(element);
			if (mono && elements.finish()) {
				ended.accept(Outcome.returned(impl, element, System.nanoTime() - start));
			}
		}).doOnComplete(() -> {
			if (elements.finish()) {
				ended.accept(Outcome.returned(impl, elements.value(shape), System.nanoTime() - start));
			}
		}).doOnError((error) -> {
			if (elements.finish()) {
				ended.accept(Outcome.threw(impl, error, System.nanoTime() - start));
			}
		}).doOnCancel(() -> {
			if (elements.finish()) {
				cancelledBeforeEnd.run();
			}
		});
	}

	private void primaryDone(Migration migration, Comparison comparison, Outcome primary) {
		this.engine.recordCall(migration, Role.PRIMARY, primary);
		comparison.primaryDone(primary);
	}

	/** Old's answer when new failed: the secondary's elements, or old subscribed here when it had no room. */
	private Flux<Object> fallback(Migration migration, MigrationCall call, MigrationSettings settings,
			Secondary secondary, Throwable newError, ContextView context) {
		return Mono.fromFuture(secondary.outcome, true).doOnCancel(secondary::cancel).flatMapMany((old) -> {
			if (old.status() == Outcome.Status.REJECTED) {
				return inlineOld(migration, call, settings, newError, context);
			}
			if (!old.succeeded()) {
				return Flux.error(newError); // old failed or timed out: the caller gets new's exception
			}
			this.engine.fallbackServed(migration);
			Object value = old.value();
			if (call.shape() == ResultShape.MONO) {
				return (value != null) ? Flux.just(value) : Flux.empty();
			}
			List<?> list = (value instanceof List<?> values) ? values : List.of();
			if (list.size() > this.maxElements) {
				// old emitted more than was collected: subscribe it again for all of its elements
				return Flux.defer(() -> Flux.from(invoked(call, Impl.OLD)))
					.timeout(settings.timeout())
					.onErrorMap((error) -> newError)
					.contextWrite(context);
			}
			return Flux.fromIterable(list);
		});
	}

	/** The pool had no room for old: a fallback still owes the caller old's answer, so subscribe it now. */
	private Flux<Object> inlineOld(Migration migration, MigrationCall call, MigrationSettings settings,
			Throwable newError, ContextView context) {
		return Flux.defer(() -> {
			long start = System.nanoTime();
			Publisher<?> old;
			try {
				old = publisher(call.invoker(Impl.OLD).invoke(), call);
			}
			catch (Throwable ex) {
				this.engine.recordCall(migration, Role.SECONDARY, Outcome.threw(Impl.OLD, ex, 0));
				return Flux.error(newError);
			}
			AtomicBoolean served = new AtomicBoolean();
			Runnable fallbackServed = () -> {
				if (served.compareAndSet(false, true)) {
					this.engine.fallbackServed(migration);
				}
			};
			// waited for up to the timeout, as any fallback; what old served stays served
			return Flux.<Object>from(old)
				.timeout(settings.timeout())
				.doOnNext((element) -> fallbackServed.run())
				.doOnComplete(() -> {
					fallbackServed.run();
					this.engine.recordCall(migration, Role.SECONDARY,
							Outcome.returned(Impl.OLD, null, System.nanoTime() - start));
				})
				.doOnError((error) -> this.engine.recordCall(migration, Role.SECONDARY,
						Outcome.threw(Impl.OLD, error, System.nanoTime() - start)))
				.onErrorMap((error) -> newError);
		}).contextWrite(context);
	}

	/** Raises a discrepancy to the caller once the comparison is done (raise-on-discrepancy, for tests). */
	private static Mono<Object> verdict(Comparison comparison, MigrationSettings settings) {
		return Mono.defer(() -> Mono.fromFuture(comparison.done, true)
			.timeout(settings.timeout().plusNanos(VERDICT_GRACE_NANOS), Mono.empty())
			.flatMap((verdict) -> {
				Discrepancy discrepancy = comparison.discrepancy();
				return (verdict == ComparisonResult.MISMATCH && discrepancy != null)
						? Mono.error(new MigrationDiscrepancyException(discrepancy)) : Mono.empty();
			}));
	}

	/**
	 * Subscribes the secondary from the pool, in the caller's context; its outcome reaches the
	 * comparison when it finishes, times out or is rejected, and nothing is counted when the caller
	 * cancelled.
	 */
	private Secondary startSecondary(Migration migration, MigrationCall call, Impl impl, MigrationSettings settings,
			Comparison comparison, ContextView context) {
		Secondary secondary = new Secondary();
		if (!this.inFlight.tryAcquire()) {
			secondary.rejected(impl, comparison);
			return secondary;
		}
		CompletableFuture<Outcome> submitted;
		try {
			submitted = this.executor.submit(() -> secondary.subscribe(impl, call, context), settings.timeout());
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.release();
			secondary.rejected(impl, comparison);
			return secondary;
		}
		long submittedAt = System.nanoTime();
		submitted.whenComplete((outcome, failure) -> {
			this.inFlight.release();
			if (outcome == null) {
				secondary.stop(); // timed out (or the pool closed): stop what it does, or is about to start
			}
			if (secondary.cancelled) {
				return; // the caller went away: there is nothing to compare
			}
			Outcome counted = outcome;
			if (counted == null && failure instanceof SecondaryExecutor.SecondaryTimeoutException) {
				counted = Outcome.timedOut(impl, System.nanoTime() - submittedAt);
				this.engine.recordCall(migration, Role.SECONDARY, counted);
			}
			else if (counted == null) {
				counted = Outcome.rejected(impl); // the executor closed before it ran
			}
			else {
				this.engine.recordCall(migration, Role.SECONDARY, counted);
			}
			secondary.outcome.complete(counted);
			secondaryDoneOffItsThread(comparison, counted);
		});
		return secondary;
	}

	/**
	 * The secondary ends on the thread it signalled on (an event loop, often): the comparison it may
	 * trigger (up to max-elements each side, rendering, logging) runs on the pool instead.
	 */
	private void secondaryDoneOffItsThread(Comparison comparison, Outcome secondary) {
		try {
			this.executor.execute(() -> comparison.secondaryDone(secondary));
		}
		catch (RejectedExecutionException ex) {
			comparison.secondaryDone(secondary); // a full pool: comparing here beats losing the comparison
		}
	}

	// ---- writes

	/**
	 * A write: the authoritative side when the caller subscribes, the other after it succeeded, both
	 * bridged to the stages {@link DualWrites} already orders and journals. Cancelling the caller's
	 * subscription does not stop a write under way: the stores must not drift apart.
	 */
	private Object write(Migration migration, MigrationCall call, MigrationMode mode, MigrationSettings settings)
			throws Throwable {
		Impl firstImpl = mode.primary();
		Publisher<?> first = invokeOnCaller(migration, call, firstImpl);
		Mono<Object> write = Mono.deferContextual((context) -> {
			// each write ends on the thread of its driver (an event loop, often), and what follows it may block
			// (the key's journal check, the journal): every step runs on the bounded elastic scheduler instead
			Invoker firstInvoker = () -> Mono.from(first)
				.contextWrite(context)
				.publishOn(Schedulers.boundedElastic())
				.toFuture();
			Invoker secondInvoker = () -> {
				try (ContextSnapshot.Scope scope = this.snapshots.captureFrom(context).setThreadLocals()) {
					return Mono.from(publisher(call.invoker(firstImpl.other()).invoke(), call))
						.contextWrite(context)
						.publishOn(Schedulers.boundedElastic())
						.toFuture();
				}
			};
			MigrationCall bridged = (firstImpl == Impl.OLD)
					? call.withInvokers(ResultShape.COMPLETION_STAGE, firstInvoker, secondInvoker)
					: call.withInvokers(ResultShape.COMPLETION_STAGE, secondInvoker, firstInvoker);
			try {
				@SuppressWarnings("unchecked")
				CompletableFuture<Object> result = (CompletableFuture<Object>) this.writes.writeAsync(migration,
						bridged, mode, settings);
				return Mono.fromFuture(result, true);
			}
			catch (Throwable ex) {
				return Mono.error(ex);
			}
		});
		// a first write that completes at once would run what follows on the subscribing thread
		return write.subscribeOn(Schedulers.boundedElastic());
	}

	// ---- shared steps

	/** Invokes the primary on the caller's thread; what it throws is the caller's, counted. */
	private Publisher<?> invokeOnCaller(Migration migration, MigrationCall call, Impl impl) throws Throwable {
		try {
			return publisher(call.invoker(impl).invoke(), call);
		}
		catch (Throwable ex) {
			this.engine.recordCall(migration, Role.PRIMARY, Outcome.threw(impl, ex, 0));
			throw ex;
		}
	}

	/** The publisher of one side, or its exception as an error signal. */
	private static Publisher<?> invoked(MigrationCall call, Impl impl) {
		try {
			return publisher(call.invoker(impl).invoke(), call);
		}
		catch (Throwable ex) {
			return Flux.error(ex);
		}
	}

	private static Publisher<?> publisher(@Nullable Object returned, MigrationCall call) {
		if (returned instanceof Publisher<?> publisher) {
			return publisher;
		}
		return Flux.error(new IllegalStateException(
				call.method() + " returned " + returned + " instead of a " + call.shape()));
	}

	private static Object shaped(Flux<Object> flux, ResultShape shape) {
		// fromDirect: Mono.from would cancel the source after its first element, and with it the secondary
		return (shape == ResultShape.MONO) ? Mono.fromDirect(flux) : flux;
	}

	/** The primary's elements as they pass to the caller: all of a Mono's, a Flux's first ones. */
	private static final class Elements {

		private final int max;

		private final List<Object> collected = new ArrayList<>();

		private volatile boolean any;

		private final AtomicBoolean finished = new AtomicBoolean();

		Elements(int max) {
			this.max = max;
		}

		void add(Object element) {
			this.any = true;
			// one more than the maximum, so that a longer list never compares equal to a cut one
			if (this.collected.size() <= this.max) {
				this.collected.add(element);
			}
		}

		boolean any() {
			return this.any;
		}

		/** Whether this is the first end of the primary (a value of a Mono, completion, error or cancel). */
		boolean finish() {
			return this.finished.compareAndSet(false, true);
		}

		@Nullable Object value(ResultShape shape) {
			if (shape == ResultShape.MONO) {
				return this.collected.isEmpty() ? null : this.collected.get(0);
			}
			return Collections.unmodifiableList(this.collected);
		}

	}

	/** One subscription of the secondary, which the caller's cancellation or the timeout ends. */
	private final class Secondary {

		/** Completes with the secondary's outcome (never exceptionally), unless the caller cancelled. */
		final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

		private volatile @Nullable CompletableFuture<?> subscription;

		volatile boolean cancelled;

		private volatile boolean stopped;

		/** Runs on the pool: invokes the secondary and subscribes it in the caller's context. */
		CompletionStage<Outcome> subscribe(Impl impl, MigrationCall call, ContextView context) {
			long start = System.nanoTime();
			if (this.stopped) {
				return CompletableFuture.completedFuture(Outcome.rejected(impl));
			}
			CompletableFuture<?> future;
			try (ContextSnapshot.Scope scope = ReactiveCalls.this.snapshots.captureFrom(context).setThreadLocals()) {
				Publisher<?> publisher = publisher(call.invoker(impl).invoke(), call);
				future = (call.shape() == ResultShape.MONO) ? Mono.from(publisher).contextWrite(context).toFuture()
						: Flux.from(publisher)
							.take(ReactiveCalls.this.maxElements + 1L)
							.collectList()
							.contextWrite(context)
							.toFuture();
			}
			catch (Throwable ex) {
				return CompletableFuture.completedFuture(Outcome.threw(impl, ex, System.nanoTime() - start));
			}
			this.subscription = future;
			if (this.stopped) {
				future.cancel(false); // cancelled or timed out while it was being subscribed
			}
			return future.handle((value, error) -> MigrationEngine.outcome(impl, value, error,
					System.nanoTime() - start));
		}

		/** The caller went away: stop, and count nothing. */
		void cancel() {
			this.cancelled = true;
			stop();
		}

		/** Stops the subscription, now or as soon as the pool thread that makes it has made it. */
		void stop() {
			this.stopped = true;
			CompletableFuture<?> current = this.subscription;
			if (current != null) {
				current.cancel(false);
			}
		}

		void rejected(Impl impl, Comparison comparison) {
			Outcome rejected = Outcome.rejected(impl);
			comparison.secondaryDone(rejected);
			this.outcome.complete(rejected);
		}

	}

}
