package io.github.phasedmigration.core.switching;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import io.micrometer.context.ContextSnapshotFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.criteria.Verdict;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.engine.MigrationCall;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.engine.RolloutModeResolver;
import io.github.phasedmigration.core.execution.ExecutorSettings;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.registry.ModeChange;
import io.github.phasedmigration.core.testing.LogCapture;
import io.github.phasedmigration.core.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Automatic rollback end to end: reads go through the {@link MigrationEngine} (new serving, old as
 * the concurrent secondary and fallback), which records them into each migration's window; a
 * {@link MutableClock} ends the buckets and the test ticks the {@link CriteriaMonitor} itself.
 *
 * <p>This test is about errors and discrepancies: latency is kept out of the verdict with a margin
 * of one second, since the first calls in a fresh JVM (class loading, JIT) or a busy build machine
 * may make a few of new's calls milliseconds slower than old's. Both implementations spin for
 * {@value #WORK_MICROS} µs per call (no sleeping), so that old's p99 is a real number.
 */
class AutoRollbackEngineTest {

	private static final Instant T0 = Instant.parse("2030-01-02T03:00:00Z");

	private static final Duration BUCKET = Duration.ofMinutes(1);

	private static final long WORK_MICROS = 50;

	/** Windows of 5 one-minute buckets, 100 calls per side to judge one, rollback after 2 failing windows. */
	private static final CriteriaSettings CRITERIA = new CriteriaSettings(BUCKET, 5, 100, 0.01, 0.001, 2.0, 0.01,
			null, 0.99, 1.25, Duration.ofSeconds(1), true, 2);

	private static final int CALLS_PER_BUCKET = 150;

	private final MutableClock clock = new MutableClock(T0);

	private final Events events = new Events();

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS, this.events,
			this.clock);

	private final SecondaryExecutor executor = new SecondaryExecutor(
			new ExecutorSettings(4, 10_000, "rollback-test-", Duration.ofSeconds(2)),
			ContextSnapshotFactory.builder().build());

	private final MigrationEngine engine = new MigrationEngine(this.registry, this.executor,
			new RolloutModeResolver(), new InMemoryWriteJournal(), TransactionHook.NONE, this.clock);

	private final CriteriaMonitor monitor = new CriteriaMonitor(this.registry, this.clock);

	private final LogCapture log = new LogCapture(CriteriaMonitor.class.getName());

	/** Whether new throws, per migration. */
	private final Map<String, Boolean> newFails = new ConcurrentHashMap<>();

	@AfterEach
	void close() {
		this.log.close();
		this.monitor.close();
		this.executor.close();
	}

	private Migration migration(String name, CriteriaSettings criteria) {
		Migration migration = this.registry.register(name, MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(Duration.ofSeconds(2), true, false, false, false, new DeepEqualsComparator()));
		migration.updateCriteria(criteria);
		this.newFails.put(name, false);
		return migration;
	}

	private static void work() {
		long end = System.nanoTime() + WORK_MICROS * 1_000;
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

	/** One read of a customer; returns what the caller received. */
	private Object read(Migration migration, int customer) throws Throwable {
		String key = "customer-" + customer;
		Invoker old = () -> {
			work();
			return "order of " + key;
		};
		Invoker neu = () -> {
			work();
			if (this.newFails.get(migration.name())) {
				throw new IllegalStateException("pending_payments unavailable");
			}
			return "order of " + key;
		};
		return this.engine.execute(migration, new MigrationCall("OrderService.find(..)", new Object[] { key },
				MigrationKind.READ, false, old, neu, null, null, (arguments) -> (String) arguments[0]));
	}

	/**
	 * Reads {@code calls} customers of each migration, checks that every caller got old's answer (new
	 * serves it, or old as fallback), and waits until both sides and the comparison of every call
	 * were recorded, so that none of them spills into the next bucket.
	 */
	private void traffic(int calls, Migration... migrations) throws Throwable {
		for (Migration migration : migrations) {
			long before = this.events.calls(migration);
			long comparedBefore = this.events.comparisons(migration);
			for (int i = 0; i < calls; i++) {
				assertThat(read(migration, i)).isEqualTo("order of customer-" + i);
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(2))
				.until(() -> this.events.calls(migration) == before + 2L * calls
						&& this.events.comparisons(migration) == comparedBefore + calls);
		}
	}

	private void endBucket() {
		this.clock.advance(BUCKET);
		this.monitor.tick();
	}

	private static List<ModeChange> rollbacks(Migration migration) {
		return migration.history().stream().filter((change) -> change.action().equals("rollback")).toList();
	}

	@Test
	void newFailingInTheMiddleRollsBackToShadowAfterTheSecondFailingWindowAndOldServesAfterwards()
			throws Throwable {
		Migration failing = migration("customer-source", CRITERIA);
		Migration healthy = migration("pricing-v2", CRITERIA);

		for (int bucket = 1; bucket <= 3; bucket++) {
			traffic(CALLS_PER_BUCKET, failing, healthy);
			endBucket();
		}
		for (Migration migration : List.of(failing, healthy)) {
			Readiness readiness = migration.readiness(MigrationMode.REVERSE_SHADOW);
			assertThat(readiness.verdict()).as("healthy traffic is judged, and passes: %s", readiness.measurements())
				.isEqualTo(Verdict.PASS);
		}
		assertThat(failing.window().stats(0.99).buckets()).isEqualTo(3);
		assertThat(failing.window().stats(0.99).newCalls()).isEqualTo(3L * CALLS_PER_BUCKET);

		// new starts failing: every call of new throws, old serves as fallback
		this.newFails.put("customer-source", true);
		traffic(CALLS_PER_BUCKET, failing, healthy);
		endBucket();

		assertThat(failing.readiness(MigrationMode.REVERSE_SHADOW).verdict()).isEqualTo(Verdict.FAIL);
		assertThat(failing.window().failingWindows()).isOne();
		assertThat(failing.effectiveMode()).as("not after the first failing window")
			.isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(rollbacks(failing)).isEmpty();
		assertThat(this.events.rollbacks).isEmpty();
		assertThat(this.log.messages(Level.ERROR)).isEmpty();

		traffic(CALLS_PER_BUCKET, failing, healthy);
		endBucket();

		assertThat(failing.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(rollbacks(failing)).singleElement().satisfies((change) -> {
			assertThat(change.source()).isEqualTo("auto-rollback");
			assertThat(change.action()).isEqualTo("rollback");
			assertThat(change.from()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(change.to()).isEqualTo(MigrationMode.SHADOW);
			assertThat(change.time()).isEqualTo(T0.plus(BUCKET.multipliedBy(5)));
			assertThat(change.principal()).isNull();
			assertThat(change.reason()).startsWith("2 failing window(s) in a row in REVERSE_SHADOW");
			// 5 buckets of 150 calls, the last 2 all failing: 300 of 750
			assertThat(change.measurements()).containsKeys("min-calls", "discrepancy-rate", "new-error-rate",
					"latency-ratio");
			assertThat(change.measurements().get("new-error-rate")).startsWith("fail: new failed 40% of 750 calls");
			assertThat(change.measurements().get("discrepancy-rate")).startsWith("fail: 300 of 750 comparisons");
		});
		ModeChange change = rollbacks(failing).get(0);
		assertThat(this.log.events(Level.ERROR)).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage())
				.startsWith("Migration 'customer-source' rolled back by itself from REVERSE_SHADOW to SHADOW"));
		assertThat(this.events.rollbacks).containsExactly(Map.entry(failing.name(), change));

		// old serves now: new still fails, yet no fallback is needed and new serves nobody
		long newServed = failing.counters().primaryCalls(Impl.NEW);
		long oldServed = failing.counters().primaryCalls(Impl.OLD);
		long fallbacks = failing.counters().fallbacks();
		traffic(50, failing);
		assertThat(failing.counters().primaryCalls(Impl.NEW)).isEqualTo(newServed);
		assertThat(failing.counters().primaryCalls(Impl.OLD)).isEqualTo(oldServed + 50);
		assertThat(failing.counters().fallbacks()).isEqualTo(fallbacks);
		assertThat(failing.counters().comparisons(ComparisonResult.MISMATCH)).as("new still runs in shadow")
			.isEqualTo(2L * CALLS_PER_BUCKET + 50);

		// the healthy migration under the same traffic and the same ticks was never judged failing
		for (int bucket = 1; bucket <= 3; bucket++) {
			traffic(CALLS_PER_BUCKET, failing, healthy);
			endBucket();
		}
		assertThat(healthy.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(rollbacks(healthy)).isEmpty();
		assertThat(healthy.window().failingWindows()).isZero();
		assertThat(healthy.counters().fallbacks()).isZero();
		assertThat(failing.effectiveMode()).as("SHADOW never rolls back by itself").isEqualTo(MigrationMode.SHADOW);
		assertThat(this.events.rollbacks).hasSize(1);
	}

	@Test
	void inconclusiveWindowsNeverRollBackEvenWhenEveryCallOfNewFails() throws Throwable {
		// rollback after a single failing window, 500 calls per side needed, 20 calls per bucket: a
		// window of 5 buckets never holds more than 100
		Migration migration = migration("customer-source",
				new CriteriaSettings(BUCKET, 5, 500, 0.01, 0.001, 2.0, 0.01, null, 0.99, 1.25, Duration.ofSeconds(1),
						true, 1));
		this.newFails.put("customer-source", true);

		for (int bucket = 1; bucket <= 8; bucket++) {
			traffic(20, migration);
			endBucket();
			assertThat(migration.readiness(MigrationMode.REVERSE_SHADOW).verdict()).as("window %d", bucket)
				.isEqualTo(Verdict.INCONCLUSIVE);
		}

		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(migration.window().stats(0.99).newErrors()).isEqualTo(100);
		assertThat(migration.counters().errors(Impl.NEW)).isEqualTo(160);
		assertThat(migration.counters().fallbacks()).isEqualTo(160);
		assertThat(rollbacks(migration)).isEmpty();
		assertThat(this.events.rollbacks).isEmpty();
		assertThat(this.log.messages(Level.ERROR)).isEmpty();
	}

	/** Counts each migration's recorded calls and comparisons (the listener hears them after the window). */
	static final class Events implements MigrationListener {

		private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

		private final Map<String, AtomicLong> comparisons = new ConcurrentHashMap<>();

		final List<Map.Entry<String, ModeChange>> rollbacks = new CopyOnWriteArrayList<>();

		long calls(Migration migration) {
			return this.calls.computeIfAbsent(migration.name(), (name) -> new AtomicLong()).get();
		}

		long comparisons(Migration migration) {
			return this.comparisons.computeIfAbsent(migration.name(), (name) -> new AtomicLong()).get();
		}

		@Override
		public void onCall(Migration migration, Impl impl, Role role, boolean success, long nanos) {
			this.calls.computeIfAbsent(migration.name(), (name) -> new AtomicLong()).incrementAndGet();
		}

		@Override
		public void onComparison(Migration migration, ComparisonResult result) {
			this.comparisons.computeIfAbsent(migration.name(), (name) -> new AtomicLong()).incrementAndGet();
		}

		@Override
		public void onRollback(Migration migration, ModeChange change, Readiness readiness) {
			this.rollbacks.add(Map.entry(migration.name(), change));
		}

	}

}
