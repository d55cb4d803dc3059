package io.github.phasedmigration.autoconfigure.journal;

import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.FailingJournal;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Ledger;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.OldPayments;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Payment;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.PaymentsConfiguration;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.reconciliation.Reconciler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code migrationJournal} health indicator: UP with the journal's counts, DOWN when the
 * journal cannot be read, failed appends shown (and DOWN only when asked), and the switch that
 * removes it.
 */
class MigrationJournalHealthIndicatorTests {

	private static final String INDICATOR = "migrationJournalHealthIndicator";

	private final ApplicationContextRunner runner = JournalFixtures.runner()
		.withConfiguration(AutoConfigurations.of(MigrationJournalHealthAutoConfiguration.class))
		.withUserConfiguration(PaymentsConfiguration.class)
		.withPropertyValues("migration.instances.payments.mode=SHADOW", "migration.journal.reconciler.enabled=false",
				"migration.journal.reconciler.max-attempts=1");

	/** The same application with a journal that fails on demand. */
	private final ApplicationContextRunner failingJournalRunner = this.runner.withBean(FailingJournal.class);

	private static Health health(AssertableApplicationContext context) {
		context.getBean(JournalStatsCache.class).refresh();
		return context.getBean(INDICATOR, HealthIndicator.class).health(true);
	}

	private static void failSecondWrite(AssertableApplicationContext context, String orderId) {
		context.getBean(Ledger.class).down("new");
		context.getBean(OldPayments.class).record(new Payment(orderId, 1));
	}

	// ---- status and details

	@Test
	void upWithTheCountsOfTheDurableJournal() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MigrationJournalHealthIndicator.class).hasBean(INDICATOR);
			Health empty = health(context);
			assertThat(empty.getStatus()).isEqualTo(Status.UP);
			assertThat(empty.getDetails()).containsEntry("durable", true)
				.containsEntry("migrations", Map.of())
				.containsEntry("failedAppends", 0L)
				.doesNotContainKey("lastFailedAppend");

			failSecondWrite(context, "A-1");
			failSecondWrite(context, "A-2");
			Health pending = health(context);

			assertThat(pending.getStatus()).isEqualTo(Status.UP);
			assertThat(pending.getDetails()).extractingByKey("migrations", InstanceOfAssertFactories.MAP)
				.extractingByKey(JournalFixtures.PAYMENTS, InstanceOfAssertFactories.MAP)
				.containsEntry("pending", 2L)
				.containsEntry("parked", 0L)
				.hasEntrySatisfying("oldestPendingAge", (age) -> assertThat(age).asString().matches("\\d+(ms|s|m|h|d)"));
		});
	}

	@Test
	void parkedEntriesShowWithoutTurningItDown() {
		this.runner.run((context) -> {
			failSecondWrite(context, "P-1");
			context.getBean(Reconciler.class).runOnce();

			Health health = health(context);

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).extractingByKey("migrations", InstanceOfAssertFactories.MAP)
				.extractingByKey(JournalFixtures.PAYMENTS, InstanceOfAssertFactories.MAP)
				.containsEntry("pending", 0L)
				.containsEntry("parked", 1L)
				.doesNotContainKey("oldestPendingAge");
		});
	}

	@Test
	void inMemoryJournalIsReportedAsNotDurable() {
		MigrationRunners.runner()
			.withConfiguration(AutoConfigurations.of(MigrationJournalHealthAutoConfiguration.class))
			.run((context) -> {
				Health health = health(context);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("durable", false);
			});
	}

	@Test
	void downWhileTheJournalCannotBeReadAndUpAgainAfterwards() {
		this.failingJournalRunner.run((context) -> {
			assertThat(context.getBean(WriteJournal.class)).isInstanceOf(FailingJournal.class);
			FailingJournal journal = context.getBean(FailingJournal.class);
			journal.failReads(true);

			Health down = health(context);

			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).extractingByKey("error")
				.asString()
				.contains("journal table cannot be read");

			journal.failReads(false);
			assertThat(health(context).getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void failedAppendsAreShownButLeaveItUpByDefault() {
		this.failingJournalRunner.run((context) -> {
			context.getBean(FailingJournal.class).failAppends(true);
			failSecondWrite(context, "F-1");
			assertThat(context.getBean(MigrationEngine.class).journalFailures().count()).isOne();

			Health health = health(context);

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("failedAppends", 1L)
				.hasEntrySatisfying("lastFailedAppend", (last) -> assertThat(last).asString()
					.contains(JournalFixtures.PAYMENTS)
					.contains("journal database is away"));
		});
	}

	@Test
	void failedAppendsTurnItDownWhenAsked() {
		this.failingJournalRunner.withPropertyValues("migration.journal.health.down-on-write-failure=true")
			.run((context) -> {
				assertThat(health(context).getStatus()).as("no failure yet").isEqualTo(Status.UP);
				context.getBean(FailingJournal.class).failAppends(true);
				failSecondWrite(context, "F-2");

				Health health = health(context);

				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("failedAppends", 1L);
			});
	}

	// ---- conditions

	@Test
	void absentWhenDisabledByItsOwnProperty() {
		this.runner.withPropertyValues("management.health.migrationJournal.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MigrationJournalHealthIndicator.class));
	}

	@Test
	void absentWhenHealthIndicatorsAreDisabledByDefaultUnlessEnabledByName() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationJournalHealthIndicator.class));
		this.runner
			.withPropertyValues("management.health.defaults.enabled=false",
					"management.health.migrationJournal.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(MigrationJournalHealthIndicator.class));
	}

	@Test
	void absentWithoutBootsHealthModule() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(INDICATOR)
				.hasSingleBean(MigrationEngine.class));
	}

	@Test
	void absentWhenMigrationsAreDisabled() {
		this.runner.withPropertyValues("migration.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(INDICATOR));
	}

	@Test
	void userIndicatorOfTheSameNameWins() {
		this.runner.withBean(INDICATOR, HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationJournalHealthIndicator.class)
				.hasBean(INDICATOR));
	}

}
