package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.execution.ExecutorSettings;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;

import static io.github.phasedmigration.core.engine.EngineFixture.await;
import static io.github.phasedmigration.core.engine.EngineFixture.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call takes its mode once, at its start: however often the mode flips while calls run, no call
 * is split across two modes.
 */
class ModeSwitchTest {

	private static final int CALLERS = 4;

	private static final int MIN_CALLS = 2_000;

	private static final int MIN_FLIPS = 100;

	/** A bound, in case the flipper never gets to run: then the test fails instead of hanging. */
	private static final int MAX_CALLS = 200_000;

	private static final MigrationMode[] MODES = MigrationMode.values();

	/** The mode the engine resolved for each call id. */
	private final Map<Integer, MigrationMode> resolved = new ConcurrentHashMap<>();

	private final EngineFixture fixture = new EngineFixture(DiscrepancySettings.DEFAULTS,
			new ExecutorSettings(4, MAX_CALLS * 2, "test-", Duration.ofSeconds(1)), ContextSnapshotFactory.builder().build(),
			(migration, call) -> {
				MigrationMode mode = ModeResolver.EFFECTIVE_MODE.resolve(migration, call);
				this.resolved.put((Integer) call.arguments()[0], mode);
				return mode;
			}, Clock.systemUTC());

	private final ExecutorService threads = Executors.newFixedThreadPool(CALLERS + 1);

	@AfterEach
	void close() throws InterruptedException {
		this.threads.shutdownNow();
		this.threads.awaitTermination(5, TimeUnit.SECONDS);
		this.fixture.close();
	}

	@Test
	void everyReadRunsInExactlyOneModeWhileTheModeFlips() throws Exception {
		Migration migration = this.fixture.migration(MigrationMode.OLD, new MigrationSettings(Duration.ofSeconds(5),
				true, false, false, false, (old, neu) -> List.of()));
		Map<Integer, Set<Impl>> ran = new ConcurrentHashMap<>();
		Map<Integer, Object> served = new ConcurrentHashMap<>();

		runWhileFlipping(migration, (id) -> {
			Invoker old = () -> {
				ran.computeIfAbsent(id, (key) -> ConcurrentHashMap.newKeySet()).add(Impl.OLD);
				return "old";
			};
			Invoker neu = () -> {
				ran.computeIfAbsent(id, (key) -> ConcurrentHashMap.newKeySet()).add(Impl.NEW);
				return "new";
			};
			served.put(id, this.fixture.engine.execute(migration,
					new MigrationCall("Svc.find(..)", new Object[] { id }, MigrationKind.READ, false, old, neu)));
		});

		long withSecondary = this.resolved.values().stream().filter(MigrationMode::runsSecondary).count();
		await().until(() -> totalComparisons(migration) == withSecondary);
		assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).as("no secondary was lost")
			.isEqualTo(withSecondary);
		assertEveryCallRanInOneMode(ran, served);
	}

	@Test
	void everyWriteRunsInExactlyOneModeWhileTheModeFlips() throws Exception {
		Migration migration = this.fixture.migration(MigrationMode.OLD);
		Map<Integer, List<Impl>> ran = new ConcurrentHashMap<>();
		Map<Integer, Object> served = new ConcurrentHashMap<>();

		runWhileFlipping(migration, (id) -> {
			List<Impl> order = new ArrayList<>(); // writes of one call run on the caller's thread only
			ran.put(id, order);
			Invoker old = () -> order.add(Impl.OLD) ? "old" : null;
			Invoker neu = () -> order.add(Impl.NEW) ? "new" : null;
			served.put(id, this.fixture.engine.execute(migration,
					new MigrationCall("Svc.save(..)", new Object[] { id }, MigrationKind.WRITE, false, old, neu)));
		});

		ran.forEach((id, order) -> {
			MigrationMode mode = this.resolved.get(id);
			List<Impl> expected = switch (mode) {
				case OLD -> List.of(Impl.OLD);
				case SHADOW -> List.of(Impl.OLD, Impl.NEW);
				case REVERSE_SHADOW -> List.of(Impl.NEW, Impl.OLD);
				case NEW -> List.of(Impl.NEW);
			};
			assertThat(order).as("call %d in %s", id, mode).isEqualTo(expected);
			assertThat(served.get(id)).isEqualTo((expected.get(0) == Impl.OLD) ? "old" : "new");
		});
		assertThat(this.fixture.executor.poolSize()).as("writes never go to the pool").isZero();
	}

	/**
	 * Runs calls from several threads while another thread flips the override through all modes,
	 * until at least {@link #MIN_CALLS} calls ran, in every mode, and the mode flipped {@link #MIN_FLIPS} times.
	 */
	private void runWhileFlipping(Migration migration, Call call) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		AtomicBoolean callersDone = new AtomicBoolean();
		AtomicInteger flips = new AtomicInteger();
		AtomicInteger ids = new AtomicInteger();
		Set<MigrationMode> modesSeen = ConcurrentHashMap.newKeySet();
		Future<?> flipper = this.threads.submit(() -> {
			start.await();
			int i = 0;
			while (!callersDone.get()) {
				migration.override(MODES[i++ % MODES.length], "test", "flipper", null);
				flips.incrementAndGet();
				Thread.yield();
			}
			return null;
		});
		List<Future<?>> callers = new ArrayList<>();
		for (int caller = 0; caller < CALLERS; caller++) {
			callers.add(this.threads.submit(() -> {
				start.await();
				int id;
				while ((id = ids.getAndIncrement()) < MAX_CALLS
						&& (id < MIN_CALLS || modesSeen.size() < MODES.length || flips.get() < MIN_FLIPS)) {
					try {
						call.run(id);
					}
					catch (Throwable ex) {
						throw new AssertionError("call " + id + " failed", ex);
					}
					modesSeen.add(this.resolved.get(id));
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> caller : callers) {
			caller.get(30, TimeUnit.SECONDS);
		}
		callersDone.set(true);
		flipper.get(5, TimeUnit.SECONDS);

		assertThat(this.resolved).hasSizeGreaterThanOrEqualTo(MIN_CALLS);
		assertThat(flips.get()).as("the mode flipped while the calls ran").isGreaterThanOrEqualTo(MIN_FLIPS);
		assertThat(modesSeen).as("calls ran in every mode").containsExactlyInAnyOrder(MODES);
		assertThat(migration.history()).hasSizeLessThanOrEqualTo(Migration.HISTORY_SIZE);
	}

	private void assertEveryCallRanInOneMode(Map<Integer, Set<Impl>> ran, Map<Integer, Object> served) {
		assertThat(ran).hasSameSizeAs(this.resolved);
		ran.forEach((id, impls) -> {
			Object result = served.get(id);
			MigrationMode mode = this.resolved.get(id);
			// judged on what the caller saw alone: old served with or without new, or the reverse
			if ("old".equals(result)) {
				assertThat(impls).as("call %d served by old", id).isIn(Set.of(Impl.OLD), Set.of(Impl.OLD, Impl.NEW));
			}
			else {
				assertThat(result).isEqualTo("new");
				assertThat(impls).as("call %d served by new", id).isIn(Set.of(Impl.NEW), Set.of(Impl.OLD, Impl.NEW));
			}
			// and exactly what the mode it was given says
			assertThat(result).as("call %d in %s", id, mode).isEqualTo((mode.primary() == Impl.OLD) ? "old" : "new");
			assertThat(impls).as("call %d in %s", id, mode)
				.isEqualTo(mode.runsSecondary() ? Set.of(Impl.OLD, Impl.NEW) : Set.of(mode.primary()));
		});
	}

	@FunctionalInterface
	private interface Call {

		void run(int id) throws Throwable;

	}

}
