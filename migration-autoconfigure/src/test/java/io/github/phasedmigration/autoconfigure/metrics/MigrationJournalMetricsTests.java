package io.github.phasedmigration.autoconfigure.metrics;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ReflectionUtils;

import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.FailingJournal;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Ledger;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.OldPayments;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Payment;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.PaymentsConfiguration;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures;
import io.github.phasedmigration.autoconfigure.replay.JournaledWriteMethod;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.reconciliation.Reconciler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meters of the reconciliation journal: entries by cause, replays by result, failed appends, and
 * the pending, parked and oldest-age gauges, all tagged with the migration.
 */
class MigrationJournalMetricsTests {

	private static final String PAYMENTS = JournalFixtures.PAYMENTS;

	private final ApplicationContextRunner runner = JournalFixtures.runner()
		.withUserConfiguration(PaymentsConfiguration.class)
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("migration.instances.payments.mode=SHADOW", "migration.journal.reconciler.enabled=false",
				"migration.journal.reconciler.max-attempts=2", "migration.journal.reconciler.initial-backoff=0s",
				"migration.instances.payments.key=#payment.orderId");

	private static double counter(AssertableApplicationContext context, String name, String... tags) {
		return context.getBean(MeterRegistry.class)
			.get(name)
			.tag(MigrationMetrics.TAG_MIGRATION, PAYMENTS)
			.tags(tags)
			.counter()
			.count();
	}

	private static double gauge(AssertableApplicationContext context, String name) {
		return context.getBean(MeterRegistry.class).get(name).tag(MigrationMetrics.TAG_MIGRATION, PAYMENTS).gauge().value();
	}

	private static double entries(AssertableApplicationContext context, String cause) {
		return counter(context, MigrationMetrics.JOURNAL_ENTRIES, MigrationMetrics.TAG_CAUSE, cause);
	}

	private static double replays(AssertableApplicationContext context, String result) {
		return counter(context, MigrationMetrics.RECONCILIATION_REPLAYS, MigrationMetrics.TAG_RESULT, result);
	}

	@Test
	void metersOfTheJournalExistFromTheStartAtZero() {
		this.runner.run((context) -> {
			assertThat(entries(context, "failed")).isZero();
			assertThat(entries(context, "queued")).isZero();
			assertThat(replays(context, "success")).isZero();
			assertThat(replays(context, "failure")).isZero();
			assertThat(replays(context, "parked")).isZero();
			assertThat(counter(context, MigrationMetrics.JOURNAL_FAILURES)).isZero();
			assertThat(gauge(context, MigrationMetrics.RECONCILIATION_PENDING)).isZero();
			assertThat(gauge(context, MigrationMetrics.RECONCILIATION_PARKED)).isZero();
			assertThat(context.getBean(MeterRegistry.class)
				.get(MigrationMetrics.RECONCILIATION_OLDEST_AGE)
				.tag(MigrationMetrics.TAG_MIGRATION, PAYMENTS)
				.timeGauge()
				.value(TimeUnit.SECONDS)).isZero();
		});
	}

	@Test
	void failedSecondWriteCountsAnEntryOfCauseFailedAndAQueuedOneOfCauseQueued() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			OldPayments payments = context.getBean(OldPayments.class);
			ledger.down("new");
			payments.record(new Payment("A-1", 100));

			assertThat(entries(context, "failed")).isOne();
			assertThat(entries(context, "queued")).isZero();
			assertThat(counter(context, MigrationMetrics.FAILED_WRITES, MigrationMetrics.TAG_IMPL, "new")).isOne();

			ledger.up("new");
			payments.record(new Payment("A-1", 200));

			assertThat(entries(context, "failed")).isOne();
			assertThat(entries(context, "queued")).as("behind the failed entry of its key").isOne();
			assertThat(ledger.writes("new")).hasSize(1);
		});
	}

	@Test
	void replaysAreCountedByResult() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			Reconciler reconciler = context.getBean(Reconciler.class);
			ledger.down("new");
			context.getBean(OldPayments.class).record(new Payment("A-1", 100));
			context.getBean(OldPayments.class).record(new Payment("B-2", 100));

			reconciler.runOnce();
			assertThat(replays(context, "failure")).as("first attempts of both").isEqualTo(2);

			ledger.up("new");
			reconciler.runOnce();
			assertThat(replays(context, "success")).isEqualTo(2);
			assertThat(replays(context, "parked")).isZero();
		});
	}

	@Test
	void entryOutOfAttemptsCountsAsParked() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).down("new");
			context.getBean(OldPayments.class).record(new Payment("A-1", 100));
			Reconciler reconciler = context.getBean(Reconciler.class);

			reconciler.runOnce();
			reconciler.runOnce();

			assertThat(replays(context, "failure")).isOne();
			assertThat(replays(context, "parked")).isOne();
		});
	}

	@Test
	void gaugesFollowTheJournalsCounts() {
		this.runner.run((context) -> {
			JournalStatsCache stats = context.getBean(JournalStatsCache.class);
			context.getBean(Ledger.class).down("new");
			context.getBean(OldPayments.class).record(new Payment("A-1", 100));
			context.getBean(OldPayments.class).record(new Payment("B-2", 100));
			stats.refresh();

			assertThat(gauge(context, MigrationMetrics.RECONCILIATION_PENDING)).isEqualTo(2);
			assertThat(gauge(context, MigrationMetrics.RECONCILIATION_PARKED)).isZero();

			Reconciler reconciler = context.getBean(Reconciler.class);
			reconciler.runOnce();
			reconciler.runOnce();
			stats.refresh();

			assertThat(gauge(context, MigrationMetrics.RECONCILIATION_PENDING)).isZero();
			assertThat(gauge(context, MigrationMetrics.RECONCILIATION_PARKED)).isEqualTo(2);
		});
	}

	@Test
	void oldestAgeGaugeShowsTheAgeOfTheOldestPendingEntry() {
		this.runner.run((context) -> {
			context.getBean(WriteJournal.class)
				.append(new NewJournalEntry(Instant.now().minusSeconds(90), PAYMENTS, Impl.NEW,
						JournaledWriteMethod.idOf(OldPayments.class,
								ReflectionUtils.findMethod(OldPayments.class, "refund", String.class, long.class)),
						"Z-9", "[\"Z-9\",1]", new Object[] { "Z-9", 1L }, JournalCause.FAILED, "new store is down"));
			context.getBean(JournalStatsCache.class).refresh();

			assertThat(context.getBean(MeterRegistry.class)
				.get(MigrationMetrics.RECONCILIATION_OLDEST_AGE)
				.tag(MigrationMetrics.TAG_MIGRATION, PAYMENTS)
				.timeGauge()
				.value(TimeUnit.SECONDS)).isBetween(90.0, 120.0);
		});
	}

	@Test
	void journalThatCannotTakeTheWriteIsCountedAndTheCallerStillSucceeds() {
		this.runner.withBean(FailingJournal.class).run((context) -> {
			context.getBean(FailingJournal.class).failAppends(true);
			Ledger ledger = context.getBean(Ledger.class);
			ledger.down("new");

			context.getBean(OldPayments.class).record(new Payment("A-1", 100));

			assertThat(ledger.committed("old", "A-1")).isEqualTo(100);
			assertThat(counter(context, MigrationMetrics.JOURNAL_FAILURES)).isOne();
			assertThat(entries(context, "failed")).as("not journaled").isZero();
		});
	}

}
