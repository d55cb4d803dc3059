package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;
import reactor.util.context.ReactorContextAccessor;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.ResultShape;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.execution.ExecutorSettings;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;

import static io.github.phasedmigration.core.engine.EngineFixture.await;
import static io.github.phasedmigration.core.engine.EngineFixture.awaitComparisons;
import static io.github.phasedmigration.core.engine.EngineFixture.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Methods returning a Mono or a Flux: subscribed, never blocked on, as the contract's table says. */
class ReactiveModesTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private EngineFixture fixture = new EngineFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private Object call(Migration migration, MigrationKind kind, ResultShape shape, Invoker old, Invoker neu)
			throws Throwable {
		return this.fixture.engine.execute(migration,
				new MigrationCall(EngineFixture.METHOD, new Object[0], kind, shape, old, neu, null, null, null));
	}

	@SuppressWarnings("unchecked")
	private Mono<Object> readMono(Migration migration, Invoker old, Invoker neu) throws Throwable {
		return (Mono<Object>) call(migration, MigrationKind.READ, ResultShape.MONO, old, neu);
	}

	@SuppressWarnings("unchecked")
	private Flux<Object> readFlux(Migration migration, Invoker old, Invoker neu) throws Throwable {
		return (Flux<Object>) call(migration, MigrationKind.READ, ResultShape.FLUX, old, neu);
	}

	@SuppressWarnings("unchecked")
	private Mono<Object> writeMono(Migration migration, Invoker old, Invoker neu) throws Throwable {
		return (Mono<Object>) call(migration, MigrationKind.WRITE, ResultShape.MONO, old, neu);
	}

	// ---- one side only

	@Test
	void oldAndNewPassThePrimarysSignalsAndNeverRunTheOther() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.OLD);
		AtomicInteger newCalls = new AtomicInteger();
		Invoker neu = () -> {
			newCalls.incrementAndGet();
			return Flux.just("n");
		};

		StepVerifier.create(readFlux(migration, () -> Flux.just("a", "b"), neu)).expectNext("a", "b").verifyComplete();
		migration.override(MigrationMode.NEW, "test", null, null);
		StepVerifier.create(readFlux(migration, () -> Flux.just("a"), neu)).expectNext("n").verifyComplete();

		assertThat(newCalls).hasValue(1);
		assertThat(migration.counters().primaryCalls(Impl.OLD)).isEqualTo(1);
		assertThat(migration.counters().primaryCalls(Impl.NEW)).isEqualTo(1);
		assertThat(totalComparisons(migration)).isZero();
	}

	@Test
	void aPrimaryThatThrowsBeforeReturningItsPublisherThrowsToTheCaller() {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		IllegalArgumentException error = new IllegalArgumentException("bad argument");

		assertThatThrownBy(() -> readMono(migration, () -> {
			throw error;
		}, () -> Mono.just("v"))).isSameAs(error);
		assertThat(migration.counters().errors(Impl.OLD)).isEqualTo(1);
	}

	// ---- SHADOW

	@Test
	void shadowServesOldAndComparesNewSubscribedOnThePool() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		List<String> newThreads = new CopyOnWriteArrayList<>();
		Invoker neu = () -> {
			newThreads.add(Thread.currentThread().getName());
			return Mono.just("v");
		};

		Mono<Object> result = readMono(migration, () -> Mono.just("v"), neu);

		assertThat(newThreads).as("nothing runs before the caller subscribes").isEmpty();
		StepVerifier.create(result).expectNext("v").verifyComplete();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
		assertThat(newThreads).singleElement().asString().startsWith("test-");
	}

	@Test
	void shadowNeverLetsNewsErrorReachTheCaller() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		StepVerifier.create(readMono(migration, () -> Mono.just("old"),
				() -> Mono.error(new IllegalStateException("new down"))))
			.expectNext("old")
			.verifyComplete();

		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.NEW_ERROR)).isEqualTo(1);
	}

	@Test
	void shadowComparesEmptyMonosAsAMatch() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		StepVerifier.create(readMono(migration, Mono::empty, Mono::empty)).verifyComplete();

		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
	}

	@Test
	void aFluxIsComparedAsTheListOfItsElements() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		StepVerifier.create(readFlux(migration, () -> Flux.just(1, 2, 3), () -> Flux.just(1, 2, 3)))
			.expectNext(1, 2, 3)
			.verifyComplete();
		StepVerifier.create(readFlux(migration, () -> Flux.just(1, 2, 3), () -> Flux.just(1, 9, 3)))
			.expectNext(1, 2, 3)
			.verifyComplete();

		awaitComparisons(migration, 2);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
		assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(1);
	}

	@Test
	void aFluxIsCollectedUpToTheMaximumButServedWhole() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture();
		MigrationEngine engine = new MigrationEngine(this.fixture.registry, this.fixture.executor,
				ModeResolver.EFFECTIVE_MODE, this.fixture.failedWrites, TransactionHook.NONE, Clock.systemUTC(), 3);
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		AtomicInteger newEmitted = new AtomicInteger();
		Invoker neu = () -> Flux.range(1, 1000).doOnNext((i) -> newEmitted.incrementAndGet());

		@SuppressWarnings("unchecked")
		Flux<Object> same = (Flux<Object>) engine.execute(migration, new MigrationCall(EngineFixture.METHOD,
				new Object[0], MigrationKind.READ, ResultShape.FLUX, () -> Flux.range(1, 10), neu, null, null, null));
		StepVerifier.create(same).expectNextCount(10).verifyComplete();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH))
			.as("both longer than the maximum: their first elements agree").isEqualTo(1);
		assertThat(newEmitted).as("new is not drained beyond what is compared").hasValueLessThanOrEqualTo(4);

		@SuppressWarnings("unchecked")
		Flux<Object> shorter = (Flux<Object>) engine.execute(migration, new MigrationCall(EngineFixture.METHOD,
				new Object[0], MigrationKind.READ, ResultShape.FLUX, () -> Flux.range(1, 10), () -> Flux.range(1, 3),
				null, null, null));
		StepVerifier.create(shorter).expectNextCount(10).verifyComplete();
		awaitComparisons(migration, 2);
		assertThat(migration.counters().mismatches(MismatchCategory.VALUE))
			.as("new has exactly the maximum, old more: not equal").isEqualTo(1);
	}

	@Test
	void theSubscribingThreadIsNeverBlockedByAHangingNew() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		AtomicBoolean newCancelled = new AtomicBoolean();
		List<Boolean> newInvokedOnNonBlocking = new CopyOnWriteArrayList<>();
		Invoker neu = () -> {
			newInvokedOnNonBlocking.add(Schedulers.isInNonBlockingThread());
			return Mono.never().doOnCancel(() -> newCancelled.set(true));
		};

		// subscribed on a non-blocking thread, where a block() would throw
		Mono<Object> result = readMono(migration, () -> Mono.just("old"), neu).subscribeOn(Schedulers.parallel());

		StepVerifier.create(result).expectNext("old").expectComplete().verify(Duration.ofMillis(400));
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.TIMEOUT)).isEqualTo(1);
		assertThat(newInvokedOnNonBlocking).containsExactly(false);
		await().untilTrue(newCancelled);
		assertThat(migration.counters().errors(Impl.NEW)).as("a timeout is new's error").isEqualTo(1);
	}

	@Test
	void cancellingTheCallersSubscriptionCancelsTheSecondary() throws Throwable {
		// a timeout far away, so that only the caller's cancellation can end new's subscription in time
		Migration migration = this.fixture.migration(MigrationMode.SHADOW,
				new MigrationSettings(Duration.ofMinutes(1), true, false, false, false, new DeepEqualsComparator()));
		AtomicBoolean newSubscribed = new AtomicBoolean();
		AtomicBoolean newCancelled = new AtomicBoolean();
		Invoker neu = () -> Mono.never()
			.doOnSubscribe((s) -> newSubscribed.set(true))
			.doOnCancel(() -> newCancelled.set(true));

		Disposable subscription = readMono(migration, Mono::never, neu).subscribe();
		await().untilTrue(newSubscribed);
		subscription.dispose();

		await().atMost(Duration.ofSeconds(2)).untilTrue(newCancelled);
		assertThat(totalComparisons(migration)).as("nothing to compare").isZero();
	}

	@Test
	void aCallerThatCancelsRightAfterAMonosValueStillCompares() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		AtomicBoolean newCancelled = new AtomicBoolean();
		// still running when old's value arrives, so that a cancellation would reach it
		Invoker neu = () -> Mono.just("v").delayElement(Duration.ofMillis(100)).doOnCancel(() -> newCancelled.set(true));

		// Flux.next() cancels its source on the first element, before the source's completion
		StepVerifier.create(Flux.from(readMono(migration, () -> Mono.just("v"), neu)).next())
			.expectNext("v")
			.verifyComplete();

		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
		assertThat(newCancelled).isFalse();
	}

	@Test
	void aTimeoutWhileNewIsBeingSubscribedStillEndsItsSubscription() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		AtomicBoolean newCancelled = new AtomicBoolean();
		Invoker neu = () -> {
			// slower to return its publisher than the timeout, and deaf to the interrupt that comes with it
			while (release.getCount() > 0) {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					// keep waiting
				}
			}
			return Mono.never().doOnCancel(() -> newCancelled.set(true));
		};

		StepVerifier.create(readMono(migration, () -> Mono.just("old"), neu)).expectNext("old").verifyComplete();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.TIMEOUT)).isEqualTo(1);
		release.countDown();

		await().untilTrue(newCancelled);
	}

	@Test
	void theReactorContextReachesTheSecondary() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		Invoker neu = () -> Mono.deferContextual((context) -> Mono.just(context.get("tenant")));

		Mono<Object> result = readMono(migration, () -> Mono.just("t-1"), neu)
			.contextWrite(Context.of("tenant", "t-1"));

		StepVerifier.create(result).expectNext("t-1").verifyComplete();
		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
	}

	@Test
	void threadLocalsCarriedInTheReactorContextAreSetWhileNewIsInvoked() throws Throwable {
		this.fixture.close();
		ContextRegistry registry = new ContextRegistry().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor())
			.registerContextAccessor(new ReactorContextAccessor());
		this.fixture = new EngineFixture(DiscrepancySettings.DEFAULTS, EngineFixture.EXECUTOR_SETTINGS,
				ContextSnapshotFactory.builder().contextRegistry(registry).build(), ModeResolver.EFFECTIVE_MODE,
				Clock.systemUTC());
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		List<String> seen = new CopyOnWriteArrayList<>();
		Invoker neu = () -> {
			seen.add(String.valueOf(MDC.get("request")));
			return Mono.just("v");
		};

		Mono<Object> result = readMono(migration, () -> Mono.just("v"), neu)
			.contextWrite(Context.of(Slf4jThreadLocalAccessor.KEY, Map.of("request", "r-1")));

		StepVerifier.create(result).expectNext("v").verifyComplete();
		await().until(() -> !seen.isEmpty());
		assertThat(seen).containsExactly("r-1");
	}

	@Test
	void secondariesInFlightAreBoundedByThePoolsCapacity() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture(new ExecutorSettings(1, 0, "test-", Duration.ofSeconds(1)));
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		AtomicInteger newSubscriptions = new AtomicInteger();
		Invoker neu = () -> Mono.never().doOnSubscribe((s) -> newSubscriptions.incrementAndGet());

		readMono(migration, () -> Mono.just("a"), neu).subscribe();
		await().until(() -> newSubscriptions.get() == 1);
		StepVerifier.create(readMono(migration, () -> Mono.just("b"), neu)).expectNext("b").verifyComplete();

		awaitComparisons(migration, 1);
		assertThat(migration.counters().comparisons(ComparisonResult.REJECTED))
			.as("one in flight holds the only slot, though its thread is free").isEqualTo(1);
		assertThat(newSubscriptions).hasValue(1);
	}

	// ---- REVERSE_SHADOW

	@Test
	void reverseShadowServesNewAndComparesOld() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);

		StepVerifier.create(readFlux(migration, () -> Flux.just("o"), () -> Flux.just("n")))
			.expectNext("n")
			.verifyComplete();

		awaitComparisons(migration, 1);
		assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(1);
		assertThat(migration.counters().fallbacks()).isZero();
	}

	@Test
	void reverseShadowFallsBackToOldWhenNewFails() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);

		StepVerifier.create(readMono(migration, () -> Mono.just("old"),
				() -> Mono.error(new IllegalStateException("new down"))))
			.expectNext("old")
			.verifyComplete();
		StepVerifier.create(readFlux(migration, () -> Flux.just(1, 2), () -> Flux.error(new IllegalStateException())))
			.expectNext(1, 2)
			.verifyComplete();

		assertThat(migration.counters().fallbacks()).isEqualTo(2);
	}

	@Test
	void reverseShadowFallsBackWhenNewThrowsBeforeReturningItsPublisher() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);

		StepVerifier.create(readMono(migration, () -> Mono.just("old"), () -> {
			throw new IllegalStateException("new down");
		})).expectNext("old").verifyComplete();

		assertThat(migration.counters().fallbacks()).isEqualTo(1);
	}

	@Test
	void reverseShadowKeepsNewsErrorOnceNewEmitted() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		IllegalStateException error = new IllegalStateException("new broke mid-stream");

		StepVerifier.create(readFlux(migration, () -> Flux.just(1, 2), () -> Flux.just(1).concatWith(Flux.error(error))))
			.expectNext(1)
			.verifyErrorMatches((e) -> e == error);

		assertThat(migration.counters().fallbacks()).isZero();
	}

	@Test
	void reverseShadowGivesNewsErrorWhenOldFailsToo() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		IllegalStateException error = new IllegalStateException("new down");

		StepVerifier.create(readMono(migration, () -> Mono.error(new IllegalArgumentException("old down")),
				() -> Mono.error(error))).verifyErrorMatches((e) -> e == error);
	}

	@Test
	void aFallbackWaitsForOldNoLongerThanTheTimeout() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture(new ExecutorSettings(1, 0, "test-", Duration.ofSeconds(1)));
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		readMono(migration, Mono::never, Mono::never).subscribe(); // holds the only slot: old runs inline
		IllegalStateException error = new IllegalStateException("new down");

		StepVerifier.create(readMono(migration, Mono::never, () -> Mono.error(error)))
			.expectErrorMatches((e) -> e == error)
			.verify(WAIT);
		assertThat(migration.counters().fallbacks()).isZero();
	}

	@Test
	void reverseShadowFallsBackToOldSubscribedAtOnceWhenThePoolHadNoRoom() throws Throwable {
		this.fixture.close();
		this.fixture = new EngineFixture(new ExecutorSettings(1, 0, "test-", Duration.ofSeconds(1)));
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		readMono(migration, Mono::never, Mono::never).subscribe(); // holds the only slot

		StepVerifier.create(readMono(migration, () -> Mono.just("old"), () -> Mono.error(new IllegalStateException())))
			.expectNext("old")
			.verifyComplete();
		assertThat(migration.counters().fallbacks()).isEqualTo(1);
	}

	@Test
	void aDiscrepancyIsRaisedBeforeAMonosValueWhenAsked() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW,
				new MigrationSettings(EngineFixture.TIMEOUT, true, false, false, true, new DeepEqualsComparator()));

		Mono<Object> result = readMono(migration, () -> Mono.just("old"), () -> Mono.just("new"));

		assertThatThrownBy(result::block).isInstanceOf(MigrationDiscrepancyException.class);
		StepVerifier.create(readMono(migration, () -> Mono.just("same"), () -> Mono.just("same")))
			.expectNext("same")
			.verifyComplete();
	}

	// ---- writes

	@Test
	void aShadowWriteSubscribesNewOnlyAfterOldCompleted() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		List<String> order = new CopyOnWriteArrayList<>();
		List<Boolean> secondOnNonBlocking = new CopyOnWriteArrayList<>();
		// completes later on a parallel (non-blocking) thread, as a reactive driver does on its event loop
		Invoker old = () -> Mono.delay(Duration.ofMillis(50)).map((tick) -> {
			order.add("old");
			return 1;
		});
		Invoker neu = () -> {
			secondOnNonBlocking.add(Schedulers.isInNonBlockingThread());
			return Mono.fromCallable(() -> {
				order.add("new");
				return 2;
			});
		};

		Mono<Object> result = writeMono(migration, old, neu);

		assertThat(order).as("nothing is written before the caller subscribes").isEmpty();
		StepVerifier.create(result).expectNext(1).expectComplete().verify(WAIT);
		assertThat(order).containsExactly("old", "new");
		assertThat(secondOnNonBlocking).as("the second write and the journal never run on an event loop")
			.containsExactly(false);
	}

	@Test
	void aSecondWriteThatFailsOnAnEventLoopIsJournaledOffIt() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		// both end on Reactor's parallel (non-blocking) threads, as drivers end on their event loops
		Invoker old = () -> Mono.delay(Duration.ofMillis(20)).thenReturn(1);
		Invoker neu = () -> Mono.delay(Duration.ofMillis(20)).then(Mono.error(new IllegalStateException("down")));

		StepVerifier.create(writeMono(migration, old, neu)).expectNext(1).expectComplete().verify(WAIT);

		assertThat(this.fixture.failedWrites.threads).singleElement().asString().startsWith("boundedElastic");
	}

	@Test
	void aFirstWriteThatEndsAtOnceLeavesTheSubscribingThreadAtOnce() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		List<Boolean> secondOnNonBlocking = new CopyOnWriteArrayList<>();
		Invoker neu = () -> {
			secondOnNonBlocking.add(Schedulers.isInNonBlockingThread());
			return Mono.error(new IllegalStateException("down"));
		};

		Mono<Object> write = writeMono(migration, () -> Mono.just(1), neu).subscribeOn(Schedulers.parallel());

		StepVerifier.create(write).expectNext(1).expectComplete().verify(WAIT);
		assertThat(secondOnNonBlocking).containsExactly(false);
		assertThat(this.fixture.failedWrites.threads).singleElement().asString().startsWith("boundedElastic");
	}

	@Test
	void aFailedFirstWriteIsTheCallersAndSkipsTheSecond() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		IllegalStateException error = new IllegalStateException("new down");
		AtomicInteger oldCalls = new AtomicInteger();

		StepVerifier.create(writeMono(migration, () -> {
			oldCalls.incrementAndGet();
			return Mono.just(1);
		}, () -> Mono.error(error))).verifyErrorMatches((e) -> e == error);

		assertThat(oldCalls).hasValue(0);
		assertThat(this.fixture.failedWrites.handled).isEmpty();
	}

	@Test
	void aFailedSecondWriteIsJournaledAndTheCallerSucceeds() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);

		StepVerifier.create(writeMono(migration, () -> Mono.just(1), () -> Mono.error(new IllegalStateException("x"))))
			.expectNext(1)
			.expectComplete()
			.verify(WAIT);

		assertThat(this.fixture.failedWrites.handled).singleElement()
			.satisfies((entry) -> assertThat(entry.cause()).isEqualTo(JournalCause.FAILED));
		assertThat(migration.counters().failedWrites()).isEqualTo(1);
	}

	@Test
	void eachSubscriptionOfAWriteIsOneDualWrite() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		AtomicInteger oldWrites = new AtomicInteger();
		AtomicInteger newWrites = new AtomicInteger();

		Mono<Object> write = writeMono(migration, () -> Mono.fromCallable(oldWrites::incrementAndGet),
				() -> Mono.fromCallable(newWrites::incrementAndGet));
		StepVerifier.create(write).expectNextCount(1).expectComplete().verify(WAIT);
		StepVerifier.create(write).expectNextCount(1).expectComplete().verify(WAIT);

		assertThat(oldWrites).hasValue(2);
		assertThat(newWrites).hasValue(2);
	}

}
