package io.github.phasedmigration.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditListener;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.phasedmigration.autoconfigure.Prices.NewPrices;
import io.github.phasedmigration.autoconfigure.Prices.OldPrices;
import io.github.phasedmigration.autoconfigure.Prices.OldStock;
import io.github.phasedmigration.autoconfigure.Prices.PricesConfiguration;
import io.github.phasedmigration.autoconfigure.events.MigrationEventPublisher;
import io.github.phasedmigration.autoconfigure.events.MigrationModeChangedEvent;
import io.github.phasedmigration.autoconfigure.events.MigrationRolledBackEvent;
import io.github.phasedmigration.autoconfigure.metrics.MigrationMetrics;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.criteria.Verdict;
import io.github.phasedmigration.core.criteria.WindowStats;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.ModeChange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Automatic rollback in a running application: real traffic through the annotated beans, the
 * criteria monitor ticking on its own thread, 1-second buckets. Traffic runs on a background
 * thread; every wait is an Awaitility condition on the migration's state.
 */
@ExtendWith(OutputCaptureExtension.class)
class AutoRollbackTests {

	private static final Duration BUCKET = Duration.ofSeconds(1);

	// Actuator's audit as AuditAutoConfiguration wires it; the auto-configuration itself cannot run here: in
	// Boot 4.1 it also defines the Spring Security audit listeners, which need spring-security-core
	private final ApplicationContextRunner runner = MigrationRunners.runner()
		.withUserConfiguration(PricesConfiguration.class)
		.withBean(SimpleMeterRegistry.class)
		.withBean(InMemoryAuditEventRepository.class)
		.withBean(AuditListener.class)
		.withBean(RecordedEvents.class)
		.withPropertyValues(guardRails(Prices.PRICES))
		.withPropertyValues(guardRails(Prices.STOCK));

	/** The same settings for each migration: REVERSE_SHADOW, small windows, rollback after two failing ones. */
	private static String[] guardRails(String migration) {
		String prefix = "migration.instances." + migration + ".";
		return new String[] { prefix + "mode=REVERSE_SHADOW", prefix + "criteria.bucket=1s",
				prefix + "criteria.buckets=2", prefix + "criteria.min-calls=20",
				// what this test is about is errors: a GC pause or a busy CPU must not fail a window on latency
				prefix + "criteria.latency-margin=1s", prefix + "auto-rollback.enabled=true",
				prefix + "auto-rollback.after-failing-windows=2" };
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10));
	}

	private static Migration migration(AssertableApplicationContext context, String name) {
		return context.getBean(MigrationRegistry.class).find(name).orElseThrow();
	}

	private static double rollbacks(AssertableApplicationContext context, String migration) {
		return context.getBean(MeterRegistry.class)
			.get(MigrationMetrics.ROLLBACKS)
			.tag(MigrationMetrics.TAG_MIGRATION, migration)
			.counter()
			.count();
	}

	private static List<ModeChange> rollbacksIn(Migration migration) {
		return migration.history().stream().filter((change) -> "rollback".equals(change.action())).toList();
	}

	private static WindowStats stats(Migration migration) {
		return migration.window().stats(migration.criteria().latencyPercentile());
	}

	@Test
	void failingNewRollsBackToShadowAfterTwoFailingWindows(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			Migration prices = migration(context, Prices.PRICES);
			Migration stock = migration(context, Prices.STOCK);
			try (Traffic traffic = new Traffic(context, Duration.ofMillis(5))) {
				// healthy first: whole windows of enough calls, judged and passed
				await().until(() -> prices.readiness(MigrationMode.REVERSE_SHADOW).verdict() == Verdict.PASS
						&& stock.readiness(MigrationMode.REVERSE_SHADOW).verdict() == Verdict.PASS);
				assertThat(prices.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
				assertThat(traffic.served("new")).as("new serves while healthy").isPositive();

				Instant failingSince = Instant.now();
				context.getBean(NewPrices.class).startFailing();

				// one failing window is not enough: seen with the mode still REVERSE_SHADOW
				Observation first = await()
					.until(() -> Observation.of(prices), (seen) -> seen.failingWindows() >= 1 || seen.rolledBack());
				assertThat(first).isEqualTo(new Observation(MigrationMode.REVERSE_SHADOW, 1));

				await().until(() -> prices.effectiveMode() == MigrationMode.SHADOW);
				traffic.markRolledBack();

				// the mode is read without the migration's lock, under which the history is written just after it
				await().until(() -> !rollbacksIn(prices).isEmpty());
				ModeChange rollback = rollbacksIn(prices).get(0);
				assertThat(rollbacksIn(prices)).singleElement().isEqualTo(rollback);
				assertThat(rollback.source()).isEqualTo("auto-rollback");
				assertThat(rollback.from()).isEqualTo(MigrationMode.REVERSE_SHADOW);
				assertThat(rollback.to()).isEqualTo(MigrationMode.SHADOW);
				assertThat(rollback.percentage()).isEqualTo(100);
				assertThat(rollback.reason()).startsWith("2 failing window(s) in a row in REVERSE_SHADOW");
				assertThat(rollback.time()).isAfter(failingSince);
				assertThat(rollback.measurements()).containsKeys("min-calls", "new-error-rate")
					.hasEntrySatisfying("new-error-rate", (measured) -> assertThat(measured).startsWith("fail: "))
					.hasEntrySatisfying("min-calls", (measured) -> assertThat(measured).startsWith("pass: "));
				assertThat(prices.overrideMode()).as("an override, until a person switches or resets it")
					.isEqualTo(MigrationMode.SHADOW);
				assertThat(prices.declaredMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);

				// after the rollback, callers get old's answers
				for (int i = 0; i < 20; i++) {
					assertThat(context.getBean(OldPrices.class).price("after-" + i).servedBy()).isEqualTo("old");
				}
				await().until(() -> traffic.servedAfterRollback("old") >= 20);
				assertThat(traffic.servedAfterRollback("new")).isZero();

				// published once, even as more buckets close in SHADOW
				await().until(() -> stats(prices).buckets() == 2);
				RecordedEvents events = context.getBean(RecordedEvents.class);
				assertThat(events.rollbacks(Prices.PRICES)).singleElement().satisfies((event) -> {
					assertThat(event.getChange()).isEqualTo(rollback);
					assertThat(event.getReadiness().verdict()).isEqualTo(Verdict.FAIL);
					assertThat(event.getReadiness().target()).isEqualTo(MigrationMode.REVERSE_SHADOW);
				});
				assertThat(events.changes(Prices.PRICES)).as("no second event of the same change")
					.map(MigrationModeChangedEvent::getClass)
					.containsExactly(MigrationRolledBackEvent.class);
				assertThat(events.audits(MigrationEventPublisher.AUDIT_ROLLBACK_TYPE, Prices.PRICES)).singleElement()
					.satisfies((audit) -> assertRollbackAudit(audit, rollback));
				assertThat(events.audits(MigrationEventPublisher.AUDIT_TYPE, Prices.PRICES)).isEmpty();
				assertThat(context.getBean(AuditEventRepository.class)
					.find(null, null, MigrationEventPublisher.AUDIT_ROLLBACK_TYPE)).singleElement()
					.satisfies((audit) -> assertRollbackAudit(audit, rollback));
				assertThat(rollbacks(context, Prices.PRICES)).isEqualTo(1);

				// the healthy migration was judged all along, and never rolled back
				assertThat(stock.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
				assertThat(stock.overrideMode()).isNull();
				assertThat(rollbacksIn(stock)).isEmpty();
				assertThat(stock.window().failingWindows()).isZero();
				assertThat(stats(stock).newCalls()).isGreaterThanOrEqualTo(20);
				assertThat(events.changes(Prices.STOCK)).isEmpty();
				assertThat(rollbacks(context, Prices.STOCK)).isZero();

				assertThat(traffic.failures()).as("callers never saw an exception: old served as fallback").isEmpty();
			}
		});
		assertThat(output).contains("ERROR")
			.contains("Migration 'prices' rolled back by itself from REVERSE_SHADOW to SHADOW")
			.contains("new-error-rate fail");
	}

	private static void assertRollbackAudit(AuditEvent audit, ModeChange rollback) {
		assertThat(audit.getType()).isEqualTo(MigrationEventPublisher.AUDIT_ROLLBACK_TYPE);
		assertThat(audit.getPrincipal()).isEqualTo("auto-rollback");
		assertThat(audit.getTimestamp()).isEqualTo(rollback.time());
		assertThat(audit.getData()).containsEntry("migration", Prices.PRICES)
			.containsEntry("from", "REVERSE_SHADOW")
			.containsEntry("to", "SHADOW")
			.containsEntry("source", "auto-rollback")
			.containsEntry("action", "rollback")
			.containsEntry("forced", false)
			.containsEntry("reason", rollback.reason())
			.containsEntry("measurements", rollback.measurements());
	}

	@Test
	void tooFewCallsNeverRollBackEvenWhenNewAlwaysFails() {
		this.runner.run((context) -> {
			Migration prices = migration(context, Prices.PRICES);
			context.getBean(NewPrices.class).startFailing();
			Instant start = Instant.now();
			// at most one call per 200 ms: about 10 per 2-second window, below min-calls (20)
			try (Traffic traffic = new Traffic(context, Duration.ofMillis(200))) {
				await().until(() -> {
					WindowStats stats = stats(prices);
					return stats.to() != null && !stats.to().isBefore(start.plus(BUCKET.multipliedBy(4)));
				});

				WindowStats stats = stats(prices);
				assertThat(stats.newErrors()).as("new failed, and was counted").isPositive();
				assertThat(stats.newCalls()).isLessThan(20);
				assertThat(prices.readiness(MigrationMode.REVERSE_SHADOW).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
				assertThat(prices.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
				assertThat(prices.window().failingWindows()).isZero();
				assertThat(rollbacksIn(prices)).isEmpty();
				assertThat(context.getBean(RecordedEvents.class).rollbacks(Prices.PRICES)).isEmpty();
				assertThat(rollbacks(context, Prices.PRICES)).isZero();
				assertThat(traffic.failures()).isEmpty();
				assertThat(traffic.served("new")).as("new never answered").isZero();
			}
		});
	}

	/** What a poll saw: the mode, then the failing windows in a row. */
	record Observation(MigrationMode mode, int failingWindows) {

		static Observation of(Migration migration) {
			MigrationMode mode = migration.effectiveMode();
			// read after the mode: 1 here means no rollback happened before this read (it resets the count)
			return new Observation(mode, migration.window().failingWindows());
		}

		boolean rolledBack() {
			return this.mode != MigrationMode.REVERSE_SHADOW;
		}

	}

	/**
	 * Calls both migrations in a loop on its own thread, with a pause between rounds, and keeps what
	 * callers got: who served them, and any exception.
	 */
	static final class Traffic implements AutoCloseable {

		private final Thread thread;

		private volatile boolean running = true;

		private final AtomicInteger round = new AtomicInteger();

		private final AtomicLong servedByNew = new AtomicLong();

		private final AtomicLong servedByOld = new AtomicLong();

		private final AtomicLong afterRollbackByNew = new AtomicLong();

		private final AtomicLong afterRollbackByOld = new AtomicLong();

		private volatile boolean rolledBack;

		private final List<Throwable> failures = new CopyOnWriteArrayList<>();

		Traffic(AssertableApplicationContext context, Duration pause) {
			OldPrices prices = context.getBean(OldPrices.class);
			OldStock stock = context.getBean(OldStock.class);
			this.thread = new Thread(() -> {
				while (this.running) {
					String sku = "sku-" + (this.round.incrementAndGet() % 100);
					boolean after = this.rolledBack;
					try {
						String servedBy = prices.price(sku).servedBy();
						(("new".equals(servedBy)) ? this.servedByNew : this.servedByOld).incrementAndGet();
						if (after) {
							(("new".equals(servedBy)) ? this.afterRollbackByNew : this.afterRollbackByOld)
								.incrementAndGet();
						}
						stock.stock(sku);
					}
					catch (Throwable ex) {
						this.failures.add(ex);
					}
					try {
						Thread.sleep(pause.toMillis()); // pacing of the traffic, not a wait for a result
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			}, "traffic");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		/** From now on, count who serves calls separately. */
		void markRolledBack() {
			this.rolledBack = true;
		}

		long served(String impl) {
			return ("new".equals(impl) ? this.servedByNew : this.servedByOld).get();
		}

		long servedAfterRollback(String impl) {
			return ("new".equals(impl) ? this.afterRollbackByNew : this.afterRollbackByOld).get();
		}

		List<Throwable> failures() {
			return List.copyOf(this.failures);
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			this.thread.join(Duration.ofSeconds(10).toMillis());
			assertThat(this.thread.isAlive()).as("traffic stopped").isFalse();
		}

	}

}
