package io.github.phasedmigration.autoconfigure.metrics;

import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.ACCOUNTS;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.ACCOUNTS_IN_OLD;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.awaitIdle;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.backfillAccounts;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.backfills;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.eventually;
import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.AccountTables;
import io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.AccountsConfiguration;
import io.github.phasedmigration.autoconfigure.backfill.MigrationBackfillProperties;
import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.BackfillStatus;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.VerifyState;

/**
 * Meters of backfills and verifies, tagged with the migration: rows copied, records left, one state
 * series per state, the age of a running backfill's checkpoint, the differences the last verify
 * left by kind, and the records repaired. Tag values are lower case with dashes.
 */
class MicrometerBackfillListenerTests {

	private static final List<String> STATES = List.of("not-started", "running", "paused", "completed", "failed");

	private static final List<String> KINDS = List.of("only-in-old", "only-in-new", "different");

	private final ApplicationContextRunner runner = MigrationRunners.runner()
		.withUserConfiguration(AccountsConfiguration.class)
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("migration.backfill.chunk-size=2", "migration.backfill.verify.recheck-delay=0s",
				"migration.backfill.max-chunk-attempts=1");

	// ---- when they exist

	@Test
	void metersOfABackfillExistFromTheStart() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(MicrometerBackfillListener.class);
			assertThat(rows(context)).isZero();
			assertThat(repaired(context)).isZero();
			assertThat(states(context)).containsExactlyEntriesOf(states("not-started"));
			assertThat(remaining(context)).as("old's count is read when a run starts").isNaN();
			assertThat(checkpointAge(context)).isZero();
			for (String kind : KINDS) {
				assertThat(differences(context, kind)).as(kind).isZero();
			}
			assertThat(tagValues(context, MigrationMetrics.BACKFILL_STATE, MigrationMetrics.TAG_STATE))
				.containsExactlyInAnyOrderElementsOf(STATES);
			assertThat(tagValues(context, MigrationMetrics.VERIFY_DIFFERENCES, MigrationMetrics.TAG_KIND))
				.containsExactlyInAnyOrderElementsOf(KINDS);
		});
	}

	@Test
	void withoutABackfillOrWithMetricsDisabledThereAreNoBackfillMeters() {
		MigrationRunners.runner().withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerBackfillListener.class);
			assertThat(context.getBean(MeterRegistry.class).find(MigrationMetrics.BACKFILL_ROWS).meters()).isEmpty();
		});
		this.runner.withPropertyValues("migration.metrics.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerBackfillListener.class);
			assertThat(context.getBean(MeterRegistry.class).find(MigrationMetrics.BACKFILL_ROWS).meters()).isEmpty();
		});
	}

	// ---- backfill

	@Test
	void completedBackfillCountedItsRowsAndLeftNone() {
		this.runner.run((context) -> {
			assertThat(states(context)).containsExactlyEntriesOf(states("not-started"));

			backfillAccounts(context);

			assertThat(rows(context)).as("three chunks").isEqualTo(ACCOUNTS_IN_OLD);
			assertThat(states(context)).containsExactlyEntriesOf(states("completed"));
			assertThat(remaining(context)).isZero();
			assertThat(checkpointAge(context)).as("not running").isZero();

			backfills(context).start(ACCOUNTS, true);
			awaitIdle(context);
			assertThat(rows(context)).as("rows copied on this instance, again").isEqualTo(2 * ACCOUNTS_IN_OLD);
		});
	}

	@Test
	void stateFollowsARunningBackfillItsPauseAndItsResume() {
		// a chunk of one record every half second: the backfill runs long enough to be seen and paused
		this.runner.withPropertyValues("migration.backfill.chunk-size=1", "migration.backfill.rows-per-second=2")
			.run((context) -> {
				backfills(context).start(ACCOUNTS, false);
				eventually().untilAsserted(() -> assertThat(states(context)).containsExactlyEntriesOf(states("running")));
				assertThat(checkpointAge(context)).isNotNegative();

				BackfillStatus paused = backfills(context).pause(ACCOUNTS);

				assertThat(paused.state()).isEqualTo(BackfillState.PAUSED);
				assertThat(states(context)).containsExactlyEntriesOf(states("paused"));
				assertThat(rows(context)).isEqualTo(paused.rowsDone());
				assertThat(remaining(context)).isEqualTo(ACCOUNTS_IN_OLD - paused.rowsDone());
				assertThat(checkpointAge(context)).as("not running").isZero();

				backfills(context).resume(ACCOUNTS);
				awaitIdle(context);
				assertThat(states(context)).containsExactlyEntriesOf(states("completed"));
				assertThat(rows(context)).as("each row once").isEqualTo(ACCOUNTS_IN_OLD);
				assertThat(remaining(context)).isZero();
			});
	}

	@Test
	void failedBackfillShowsInTheStateGauge() {
		this.runner.run((context) -> {
			context.getBean(AccountTables.class).oldSide().failReads(new IllegalStateException("old is away"));

			backfills(context).start(ACCOUNTS, false);
			awaitIdle(context);

			assertThat(status(context, ACCOUNTS).lastError()).contains("old is away");
			assertThat(states(context)).containsExactlyEntriesOf(states("failed"));
			assertThat(rows(context)).isZero();
			assertThat(remaining(context)).isEqualTo(ACCOUNTS_IN_OLD);
			assertThat(checkpointAge(context)).isZero();
		});
	}

	// ---- verify and repair

	@Test
	void differencesOfTheLastVerifyByKindAndRecordsRepaired() {
		this.runner.run((context) -> {
			backfillAccounts(context);
			AccountTables tables = context.getBean(AccountTables.class);
			tables.oldSide().put(6, "only in old");
			tables.newSide().put(7, "only in new");
			tables.newSide().put(8, "only in new");
			for (long id = 1; id <= 3; id++) {
				tables.newSide().put(id, "changed in new");
			}

			VerifyReport verified = verify(context, false, false);

			assertThat(verified.onlyInOld()).isOne();
			assertThat(differences(context, "only-in-old")).isOne();
			assertThat(differences(context, "only-in-new")).isEqualTo(2);
			assertThat(differences(context, "different")).isEqualTo(3);
			assertThat(repaired(context)).isZero();

			VerifyReport repairedOnly = verify(context, true, false);

			assertThat(repairedOnly.repaired()).isEqualTo(4);
			assertThat(repaired(context)).isEqualTo(4);
			assertThat(differences(context, "only-in-old")).isZero();
			assertThat(differences(context, "only-in-new")).as("left without deleteExtra").isEqualTo(2);
			assertThat(differences(context, "different")).isZero();

			VerifyReport deleted = verify(context, true, true);

			assertThat(deleted.deleted()).isEqualTo(2);
			assertThat(repaired(context)).as("deleted records count as repaired").isEqualTo(6);
			for (String kind : KINDS) {
				assertThat(differences(context, kind)).as(kind).isZero();
			}
			assertThat(tables.newSide().snapshot()).isEqualTo(tables.oldSide().snapshot());
			assertThat(rows(context)).as("verify copies no rows").isEqualTo(ACCOUNTS_IN_OLD);
		});
	}

	// ---- listeners that throw

	@Test
	void listenerThatThrowsDoesNotKeepTheMetersFromHearing() {
		this.runner.withUserConfiguration(ThrowingListenerConfiguration.class).run((context) -> {
			backfillAccounts(context);
			assertThat(rows(context)).isEqualTo(ACCOUNTS_IN_OLD);
			assertThat(states(context)).containsExactlyEntriesOf(states("completed"));

			context.getBean(AccountTables.class).newSide().remove(1);
			verify(context, true, false);
			assertThat(repaired(context)).isOne();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingListenerConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		BackfillListener throwingBackfillListener() {
			return new BackfillListener() {

				@Override
				public void onRows(String migration, long rows) {
					throw new IllegalStateException("listener failed");
				}

				@Override
				public void onState(String migration, BackfillState state) {
					throw new IllegalStateException("listener failed");
				}

				@Override
				public void onVerify(VerifyReport report) {
					throw new IllegalStateException("listener failed");
				}

			};
		}

	}

	// ---- helpers

	/** Runs a verify of accounts to its end; its listeners have heard its report. */
	private static VerifyReport verify(AssertableApplicationContext context, boolean repair, boolean deleteExtra) {
		backfills(context).verify(ACCOUNTS,
				context.getBean(MigrationBackfillProperties.class).verifyOptions(repair, deleteExtra));
		awaitIdle(context);
		VerifyReport report = backfills(context).lastVerify(ACCOUNTS).orElseThrow();
		assertThat(report.state()).as("error: %s", report.error()).isEqualTo(VerifyState.COMPLETED);
		return report;
	}

	private static MeterRegistry registry(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class);
	}

	private static double rows(AssertableApplicationContext context) {
		return registry(context).get(MigrationMetrics.BACKFILL_ROWS)
			.tag(MigrationMetrics.TAG_MIGRATION, ACCOUNTS)
			.counter()
			.count();
	}

	private static double repaired(AssertableApplicationContext context) {
		return registry(context).get(MigrationMetrics.VERIFY_REPAIRED)
			.tag(MigrationMetrics.TAG_MIGRATION, ACCOUNTS)
			.counter()
			.count();
	}

	private static double remaining(AssertableApplicationContext context) {
		return registry(context).get(MigrationMetrics.BACKFILL_REMAINING)
			.tag(MigrationMetrics.TAG_MIGRATION, ACCOUNTS)
			.gauge()
			.value();
	}

	private static double checkpointAge(AssertableApplicationContext context) {
		return registry(context).get(MigrationMetrics.BACKFILL_CHECKPOINT_AGE)
			.tag(MigrationMetrics.TAG_MIGRATION, ACCOUNTS)
			.timeGauge()
			.value(TimeUnit.SECONDS);
	}

	private static double differences(AssertableApplicationContext context, String kind) {
		return registry(context).get(MigrationMetrics.VERIFY_DIFFERENCES)
			.tag(MigrationMetrics.TAG_MIGRATION, ACCOUNTS)
			.tag(MigrationMetrics.TAG_KIND, kind)
			.gauge()
			.value();
	}

	/** The state gauges, by state tag. */
	private static Map<String, Double> states(AssertableApplicationContext context) {
		Map<String, Double> states = new LinkedHashMap<>();
		for (String state : STATES) {
			states.put(state, registry(context).get(MigrationMetrics.BACKFILL_STATE)
				.tag(MigrationMetrics.TAG_MIGRATION, ACCOUNTS)
				.tag(MigrationMetrics.TAG_STATE, state)
				.gauge()
				.value());
		}
		return states;
	}

	/** 1 for {@code current}, 0 for the other states. */
	private static Map<String, Double> states(String current) {
		Map<String, Double> states = new LinkedHashMap<>();
		STATES.forEach((state) -> states.put(state, state.equals(current) ? 1.0 : 0.0));
		return states;
	}

	private static List<String> tagValues(AssertableApplicationContext context, String name, String tag) {
		return registry(context).find(name)
			.tag(MigrationMetrics.TAG_MIGRATION, ACCOUNTS)
			.meters()
			.stream()
			.map(Meter::getId)
			.map((id) -> id.getTag(tag))
			.toList();
	}

}
