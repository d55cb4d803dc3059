package io.github.phasedmigration.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.autoconfigure.Greeters;
import io.github.phasedmigration.autoconfigure.backfill.BackfillSection.BackfillDescriptor;
import io.github.phasedmigration.autoconfigure.backfill.VerifySection.VerifySummary;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.MigrationDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.ParkedEntriesDescriptor;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Payment;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.PaymentsConfiguration;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures;
import io.github.phasedmigration.backfill.jdbc.JdbcBackfillTable;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.VerifyDifference.Kind;
import io.github.phasedmigration.core.backfill.VerifyDifference;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.VerifyState;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.ModeChange;

import static io.github.phasedmigration.autoconfigure.backfill.BackfillFixtures.eventually;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.ONE;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.SECTION;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.call;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code GET|POST /actuator/migrations/{name}/backfill} and {@code /verify}: the payments ledger's
 * two tables in H2 ({@code old_payments}, {@code new_payments}), read and written by
 * {@link JdbcBackfillTable}s, with checkpoints in {@code migration_backfill}. Operations are
 * called as the web layer calls them ({@link EndpointCalls}), through the web extension, by a
 * caller without a principal.
 */
class MigrationsEndpointBackfillTests {

	private static final String PAYMENTS = JournalFixtures.PAYMENTS;

	private static final String BACKFILL = "backfill";

	private static final String VERIFY = "verify";

	private final ApplicationContextRunner runner = JournalFixtures.runner()
		.withUserConfiguration(PaymentsConfiguration.class, PaymentsBackfillConfiguration.class,
				Greeters.MethodLevelConfiguration.class)
		.withPropertyValues("management.endpoints.web.exposure.include=migrations",
				"migration.instances.payments.mode=SHADOW", "migration.journal.reconciler.enabled=false",
				"migration.backfill.chunk-size=2", "migration.backfill.verify.recheck-delay=0s");

	// ---- GET and POST {name}/backfill

	@Test
	void backfillThatNeverRanIsNotStarted() {
		this.runner.run((context) -> {
			BackfillDescriptor backfill = backfill(context);
			assertThat(backfill.migration()).isEqualTo(PAYMENTS);
			assertThat(backfill.state()).isEqualTo(BackfillState.NOT_STARTED);
			assertThat(backfill.rowsDone()).isZero();
			assertThat(backfill.lastKey()).isNull();
			assertThat(backfill.rowsTotal()).as("unknown before a run").isNull();
			assertThat(backfill.progress()).isNull();
			assertThat(backfill.eta()).isNull();
			assertThat(backfill.runningHere()).isFalse();
			assertThat(backfill.startedAt()).isNull();

			JsonNode migration = migrationJson(context, PAYMENTS);
			assertThat(migration.path("sections").path(BACKFILL).path("state").asString()).isEqualTo("NOT_STARTED");
			assertThat(migration.path("sections").has(VERIFY)).as("no verify ran").isFalse();
		});
	}

	@Test
	void startCopiesOldIntoNewAndIsRecordedInTheHistoryWithoutAPrincipal() {
		this.runner.run((context) -> {
			insertOld(context, "P-1", "P-2", "P-3", "P-4", "P-5");
			int historySize = history(context).size();

			WebEndpointResponse<?> started = post(context, BACKFILL, "action", "start");

			assertThat(started.getStatus()).isEqualTo(200);
			assertThat(((BackfillDescriptor) started.getBody()).state()).isIn(BackfillState.RUNNING,
					BackfillState.COMPLETED);
			BackfillDescriptor completed = awaitBackfill(context, BackfillState.COMPLETED);
			assertThat(completed.rowsDone()).isEqualTo(5);
			assertThat(completed.rowsTotal()).isEqualTo(5);
			assertThat(completed.progress()).isEqualTo(1.0);
			assertThat(completed.lastKey()).isEqualTo("P-5");
			assertThat(completed.runningHere()).isFalse();
			assertThat(completed.startedAt()).isNotNull();
			assertThat(completed.finishedAt()).isNotNull();
			assertThat(completed.lastError()).isNull();
			assertThat(payments(context, "new")).isEqualTo(payments(context, "old")).hasSize(5);

			assertThat(history(context)).hasSize(historySize + 1).last().satisfies((change) -> {
				assertThat(change.source()).isEqualTo(MigrationsEndpoint.SOURCE);
				assertThat(change.action()).isEqualTo("backfill-start");
				assertThat(change.principal()).isNull();
				assertThat(change.from()).isEqualTo(MigrationMode.SHADOW);
				assertThat(change.to()).as("no change of mode").isEqualTo(MigrationMode.SHADOW);
				assertThat(change.reason()).startsWith("backfill start at key");
			});
			assertThat(migrationJson(context, PAYMENTS).path("sections").path(BACKFILL).path("rowsDone").asLong())
				.isEqualTo(5);
		});
	}

	@Test
	void startAgainCopiesWhatWasAddedAfterTheLastKeyAndFromTheBeginningCopiesEverything() {
		this.runner.run((context) -> {
			insertOld(context, "P-1", "P-2", "P-3");
			post(context, BACKFILL, "action", "start");
			awaitBackfill(context, BackfillState.COMPLETED);
			insertOld(context, "P-4");
			jdbc(context).update("DELETE FROM new_payments WHERE order_id = 'P-1'");

			assertThat(post(context, BACKFILL, "action", "start").getStatus()).isEqualTo(200);
			BackfillDescriptor resumed = awaitBackfill(context, BackfillState.COMPLETED);
			assertThat(resumed.rowsDone()).as("3 before, 1 after the last key").isEqualTo(4);
			assertThat(resumed.lastKey()).isEqualTo("P-4");
			assertThat(payments(context, "new")).as("P-1 is before the last key").doesNotContainKey("P-1")
				.containsKey("P-4");

			WebEndpointResponse<?> again = post(context, BACKFILL, "action", "start", "fromBeginning", true, "reason",
					"P-1 was lost in new");
			assertThat(again.getStatus()).isEqualTo(200);
			assertThat(awaitBackfill(context, BackfillState.COMPLETED).rowsDone()).as("counted from 0 again")
				.isEqualTo(4);
			assertThat(payments(context, "new")).isEqualTo(payments(context, "old"));
			assertThat(history(context)).last()
				.satisfies((change) -> assertThat(change.reason()).startsWith("P-1 was lost in new; ")
					.contains("backfill start from the beginning"));
		});
	}

	@Test
	void pauseStopsAfterTheChunkInFlightAndResumeGoesOnFromTheCheckpoint() {
		// a chunk of one record every half second: the backfill runs for 2.5 s, and pause lands meanwhile
		this.runner.withPropertyValues("migration.backfill.chunk-size=1", "migration.backfill.rows-per-second=2")
			.run((context) -> {
				insertOld(context, "P-1", "P-2", "P-3", "P-4", "P-5", "P-6");
				post(context, BACKFILL, "action", "start");
				eventually().until(() -> backfill(context).rowsDone() >= 1);

				WebEndpointResponse<?> startAgain = post(context, BACKFILL, "action", "start");
				assertThat(startAgain.getStatus()).isEqualTo(409);
				assertThat(error(startAgain)).contains("already running");

				WebEndpointResponse<?> paused = post(context, BACKFILL, "action", "pause");
				assertThat(paused.getStatus()).isEqualTo(200);
				BackfillDescriptor pausedAt = (BackfillDescriptor) paused.getBody();
				assertThat(pausedAt.state()).isEqualTo(BackfillState.PAUSED);
				assertThat(pausedAt.runningHere()).isFalse();
				assertThat(pausedAt.rowsDone()).isBetween(1L, 5L);
				assertThat(payments(context, "new")).hasSize((int) pausedAt.rowsDone());
				assertThat(backfill(context)).as("stays paused").isEqualTo(pausedAt);
				assertThat(history(context)).last().extracting(ModeChange::action).isEqualTo("backfill-pause");

				WebEndpointResponse<?> pauseAgain = post(context, BACKFILL, "action", "pause");
				assertThat(pauseAgain.getStatus()).isEqualTo(409);
				assertThat(error(pauseAgain)).contains("not running").contains("PAUSED");

				assertThat(post(context, BACKFILL, "action", "resume").getStatus()).isEqualTo(200);
				BackfillDescriptor completed = awaitBackfill(context, BackfillState.COMPLETED);
				assertThat(completed.rowsDone()).isEqualTo(6);
				assertThat(completed.startedAt()).as("the first run's").isEqualTo(pausedAt.startedAt());
				assertThat(payments(context, "new")).isEqualTo(payments(context, "old"));
				assertThat(history(context)).last().extracting(ModeChange::action).isEqualTo("backfill-resume");

				WebEndpointResponse<?> resumeCompleted = post(context, BACKFILL, "action", "resume");
				assertThat(resumeCompleted.getStatus()).isEqualTo(409);
				assertThat(error(resumeCompleted)).contains("COMPLETED");
			});
	}

	@Test
	void pauseOrResumeOfABackfillThatDoesNotRunIsAConflictWithAMessage() {
		this.runner.run((context) -> {
			int historySize = history(context).size();

			WebEndpointResponse<?> pause = post(context, BACKFILL, "action", "pause");
			assertThat(pause.getStatus()).isEqualTo(409);
			assertThat(error(pause)).contains("Backfill of '" + PAYMENTS + "' is not running on instance")
				.contains("NOT_STARTED");

			WebEndpointResponse<?> resume = post(context, BACKFILL, "action", "resume");
			assertThat(resume.getStatus()).isEqualTo(409);
			assertThat(error(resume)).contains("never started");

			assertThat(history(context)).as("nothing recorded").hasSize(historySize);
			assertThat(backfill(context).state()).isEqualTo(BackfillState.NOT_STARTED);
		});
	}

	@Test
	void unknownOrMissingActionIsABadRequestNamingTheAllowedOnes() {
		this.runner.run((context) -> {
			WebEndpointResponse<?> unknown = post(context, BACKFILL, "action", "rewind");
			assertThat(unknown.getStatus()).isEqualTo(400);
			assertThat(error(unknown)).contains("'rewind'").contains("start, pause, resume");

			WebEndpointResponse<?> missing = post(context, BACKFILL);
			assertThat(missing.getStatus()).isEqualTo(400);
			assertThat(error(missing)).contains("Missing 'action'").contains("start, pause, resume");

			WebEndpointResponse<?> unknownForVerify = post(context, VERIFY, "action", "pause");
			assertThat(unknownForVerify.getStatus()).isEqualTo(400);
			assertThat(error(unknownForVerify)).contains("'pause'").contains("allowed values: start");

			WebEndpointResponse<?> missingForVerify = post(context, VERIFY, "reason", "no action");
			assertThat(missingForVerify.getStatus()).isEqualTo(400);
			assertThat(error(missingForVerify)).contains("Missing 'action'").contains("start");

			assertThat(backfill(context).state()).as("nothing started").isEqualTo(BackfillState.NOT_STARTED);
			assertThat(get(context, VERIFY).getBody()).isEqualTo(Map.of("migration", PAYMENTS, "state", "NOT_STARTED"));
		});
	}

	// ---- GET and POST {name}/verify

	@Test
	void verifyCountsEachKindOfDifferenceExactlyAndListsThem() {
		this.runner.run((context) -> {
			backfillWithDifferences(context);
			assertThat(get(context, VERIFY).getBody()).as("before any verify")
				.isEqualTo(Map.of("migration", PAYMENTS, "state", "NOT_STARTED"));

			WebEndpointResponse<?> started = post(context, VERIFY, "action", "start");

			assertThat(started.getStatus()).isEqualTo(200);
			VerifyReport running = (VerifyReport) started.getBody();
			assertThat(running.state()).isEqualTo(VerifyState.RUNNING);
			assertThat(running.mode()).isEqualTo(MigrationMode.SHADOW);
			assertThat(history(context)).last().satisfies((change) -> {
				assertThat(change.action()).isEqualTo("verify");
				assertThat(change.principal()).isNull();
				assertThat(change.reason()).isEqualTo("verify started in mode SHADOW");
			});

			VerifyReport report = awaitVerify(context);
			assertThat(report.rowsCompared()).as("P-1 to P-5, Q-1 and R-1").isEqualTo(7);
			assertThat(report.onlyInOld()).isOne();
			assertThat(report.onlyInNew()).isOne();
			assertThat(report.differing()).isOne();
			assertThat(report.pendingInJournal()).isZero();
			assertThat(report.repaired()).isZero();
			assertThat(report.deleted()).isZero();
			assertThat(report.error()).isNull();
			assertThat(report.samples()).extracting(VerifyDifference::kind, VerifyDifference::key)
				.containsExactly(tuple(Kind.ONLY_IN_OLD, "Q-1"),
						tuple(Kind.ONLY_IN_NEW, "R-1"),
						tuple(Kind.DIFFERENT, "P-2"));
			assertThat(report.samples().get(0).differences()).singleElement()
				.asString()
				.startsWith("only in old: ")
				.contains("Q-1");
			assertThat(report.samples().get(1).differences()).singleElement().asString().startsWith("only in new: ");
			assertThat(report.samples().get(2).differences()).isNotEmpty()
				.anySatisfy((difference) -> assertThat(difference).contains("200").contains("999"));
			assertThat(payments(context, "new")).as("verify alone writes nothing").containsEntry("P-2", 999L)
				.doesNotContainKey("Q-1");

			MigrationDescriptor descriptor = migration(context, PAYMENTS);
			assertThat(descriptor.sections().keySet()).as("in the sections' order").containsExactly(BACKFILL, VERIFY);
			assertThat(descriptor.sections().get(VERIFY)).isInstanceOfSatisfying(VerifySummary.class, (summary) -> {
				assertThat(summary.state()).isEqualTo("COMPLETED");
				assertThat(summary.rowsCompared()).isEqualTo(7);
				assertThat(summary.onlyInOld()).isOne();
				assertThat(summary.onlyInNew()).isOne();
				assertThat(summary.differing()).isOne();
			});
			JsonNode sections = migrationJson(context, PAYMENTS).path("sections");
			assertThat(sections.path(BACKFILL).path("state").asString()).isEqualTo("COMPLETED");
			assertThat(sections.path(VERIFY).path("state").asString()).isEqualTo("COMPLETED");
			assertThat(sections.path(VERIFY).path("onlyInNew").asLong()).isOne();
			assertThat(sections.path(VERIFY).has("samples")).as("a summary").isFalse();
		});
	}

	@Test
	void deleteExtraWithoutRepairIsABadRequest() {
		this.runner.run((context) -> {
			WebEndpointResponse<?> response = post(context, VERIFY, "action", "start", "deleteExtra", true);
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(error(response)).contains("deleteExtra").contains("repair");
			assertThat(get(context, VERIFY).getBody()).as("no verify ran")
				.isEqualTo(Map.of("migration", PAYMENTS, "state", "NOT_STARTED"));
		});
	}

	@Test
	void repairInShadowWritesOldsRecordsToNewAndDeleteExtraRemovesWhatOnlyNewHolds() {
		this.runner.run((context) -> {
			backfillWithDifferences(context);

			assertThat(post(context, VERIFY, "action", "start", "repair", true).getStatus()).isEqualTo(200);

			VerifyReport repaired = awaitVerify(context);
			assertThat(repaired.repaired()).as("Q-1 written, P-2 overwritten").isEqualTo(2);
			assertThat(repaired.onlyInOld()).isZero();
			assertThat(repaired.differing()).isZero();
			assertThat(repaired.onlyInNew()).as("left without deleteExtra").isOne();
			assertThat(repaired.deleted()).isZero();
			assertThat(payments(context, "new")).containsEntry("P-2", 200L).containsEntry("Q-1", 700L).containsKey("R-1");
			assertThat(history(context)).last().satisfies((change) -> {
				assertThat(change.action()).isEqualTo("verify-repair");
				assertThat(change.reason()).isEqualTo("verify started in mode SHADOW, repairing");
			});

			assertThat(post(context, VERIFY, "action", "start", "repair", true, "deleteExtra", true).getStatus())
				.isEqualTo(200);

			VerifyReport cleaned = awaitVerify(context);
			assertThat(cleaned.deleted()).isOne();
			assertThat(cleaned.repaired()).isZero();
			assertThat(cleaned.onlyInNew()).isZero();
			assertThat(cleaned.samples()).isEmpty();
			assertThat(payments(context, "new")).isEqualTo(payments(context, "old"));
			assertThat(history(context)).last()
				.satisfies((change) -> assertThat(change.reason()).endsWith("repairing and deleting extra records"));
		});
	}

	@Test
	void repairInNewIsAConflictWithTheEnginesMessageWhileVerifyAloneIsAllowed() {
		this.runner.run((context) -> {
			backfillWithDifferences(context);
			WebEndpointResponse<?> switched = call(context, WebEndpointHttpMethod.POST, ONE, SecurityContext.NONE,
					"name", PAYMENTS, "mode", "NEW", "force", true, "reason", "cut over");
			assertThat(switched.getStatus()).isEqualTo(200);
			int historySize = history(context).size();

			WebEndpointResponse<?> repair = post(context, VERIFY, "action", "start", "repair", true);

			assertThat(repair.getStatus()).isEqualTo(409);
			assertThat(error(repair)).contains("Cannot repair migration '" + PAYMENTS + "'")
				.contains("in NEW old is no longer written");
			assertThat(history(context)).as("nothing recorded").hasSize(historySize);
			assertThat(get(context, VERIFY).getBody()).as("no verify ran")
				.isEqualTo(Map.of("migration", PAYMENTS, "state", "NOT_STARTED"));

			assertThat(post(context, VERIFY, "action", "start").getStatus()).isEqualTo(200);
			VerifyReport report = awaitVerify(context);
			assertThat(report.mode()).isEqualTo(MigrationMode.NEW);
			assertThat(report.differing()).isOne();
			assertThat(payments(context, "new")).as("nothing repaired").containsEntry("P-2", 999L);
		});
	}

	// ---- migrations and sections that do not exist

	@Test
	void migrationWithoutABackfillHasNeitherBackfillNorVerify() {
		this.runner.run((context) -> {
			for (String section : List.of(BACKFILL, VERIFY)) {
				WebEndpointResponse<?> read = get(context, Greeters.MIGRATION, section);
				assertThat(read.getStatus()).as(section).isEqualTo(404);
				assertThat(error(read)).contains("Migration '" + Greeters.MIGRATION + "' has no Backfill bean")
					.contains("backfills: [" + PAYMENTS + "]");
				WebEndpointResponse<?> act = call(context, WebEndpointHttpMethod.POST, SECTION, SecurityContext.NONE,
						"name", Greeters.MIGRATION, "section", section, "action", "start");
				assertThat(act.getStatus()).as(section).isEqualTo(404);
			}
			assertThat(migration(context, Greeters.MIGRATION).sections()).isEmpty();
		});
	}

	@Test
	void unknownMigrationIsNotFound() {
		this.runner.run((context) -> {
			WebEndpointResponse<?> response = get(context, "nope", BACKFILL);
			assertThat(response.getStatus()).isEqualTo(404);
			assertThat(error(response)).contains("'nope'").contains(PAYMENTS);
		});
	}

	@Test
	void unknownSectionIsNotFoundListingTheSectionsInOrder() {
		this.runner.run((context) -> {
			WebEndpointResponse<?> read = get(context, "rollback");
			assertThat(read.getStatus()).isEqualTo(404);
			assertThat(error(read)).contains("'rollback'").endsWith("sections: [parked, backfill, verify]");
			WebEndpointResponse<?> act = post(context, "rollback", "action", "start");
			assertThat(act.getStatus()).isEqualTo(404);
			assertThat(backfill(context).state()).isEqualTo(BackfillState.NOT_STARTED);
		});
	}

	@Test
	void parkedEntriesAreStillASectionNextToTheBackfills() {
		this.runner.run((context) -> {
			WebEndpointResponse<?> parked = get(context, "parked");
			assertThat(parked.getStatus()).isEqualTo(200);
			assertThat(parked.getBody()).isEqualTo(new ParkedEntriesDescriptor(PAYMENTS, 0, 50, 0, List.of()));
			WebEndpointResponse<?> backfillAction = post(context, "parked", "action", "start");
			assertThat(backfillAction.getStatus()).as("the parked section's own actions").isEqualTo(400);
			assertThat(error(backfillAction)).contains("retry, discard");
		});
	}

	// ---- helpers

	private static WebEndpointResponse<?> get(AssertableApplicationContext context, String section) {
		return get(context, PAYMENTS, section);
	}

	private static WebEndpointResponse<?> get(AssertableApplicationContext context, String migration,
			String section) {
		return call(context, WebEndpointHttpMethod.GET, SECTION, SecurityContext.NONE, "name", migration, "section",
				section);
	}

	/** A POST to a section of payments. */
	private static WebEndpointResponse<?> post(AssertableApplicationContext context, String section, Object... body) {
		Object[] arguments = new Object[4 + body.length];
		arguments[0] = "name";
		arguments[1] = PAYMENTS;
		arguments[2] = "section";
		arguments[3] = section;
		System.arraycopy(body, 0, arguments, 4, body.length);
		return call(context, WebEndpointHttpMethod.POST, SECTION, SecurityContext.NONE, arguments);
	}

	private static BackfillDescriptor backfill(AssertableApplicationContext context) {
		WebEndpointResponse<?> response = get(context, BACKFILL);
		assertThat(response.getStatus()).as("status of %s", response.getBody()).isEqualTo(200);
		return (BackfillDescriptor) response.getBody();
	}

	/**
	 * Waits for a state; for one that ends a run, until the run's thread ended too (the checkpoint
	 * says COMPLETED a moment before).
	 */
	private static BackfillDescriptor awaitBackfill(AssertableApplicationContext context, BackfillState state) {
		return eventually().until(() -> backfill(context), (backfill) -> backfill.state() == state
				&& (state == BackfillState.RUNNING || !backfill.runningHere()));
	}

	/** Waits until the last verify ended, and returns its report, which must say it completed. */
	private static VerifyReport awaitVerify(AssertableApplicationContext context) {
		VerifyReport report = (VerifyReport) eventually().until(() -> get(context, VERIFY).getBody(),
				(body) -> body instanceof VerifyReport last && last.state() != VerifyState.RUNNING);
		assertThat(report.state()).as("error: %s", report.error()).isEqualTo(VerifyState.COMPLETED);
		assertThat(report.finishedAt()).isNotNull();
		return report;
	}

	private static MigrationDescriptor migration(AssertableApplicationContext context, String name) {
		WebEndpointResponse<?> response = call(context, WebEndpointHttpMethod.GET, ONE, SecurityContext.NONE, "name",
				name);
		assertThat(response.getStatus()).isEqualTo(200);
		return (MigrationDescriptor) response.getBody();
	}

	/** {@code GET /actuator/migrations/{name}} as JSON. */
	private static JsonNode migrationJson(AssertableApplicationContext context, String name) {
		return JsonMapper.builder().build().valueToTree(migration(context, name));
	}

	/**
	 * Backfills P-1 to P-5, then makes the sides differ in each way: Q-1 only in old, R-1 only in
	 * new, P-2 of another amount in new.
	 */
	private static void backfillWithDifferences(AssertableApplicationContext context) {
		insertOld(context, "P-1", "P-2", "P-3", "P-4", "P-5");
		post(context, BACKFILL, "action", "start");
		awaitBackfill(context, BackfillState.COMPLETED);
		JdbcTemplate jdbc = jdbc(context);
		jdbc.update("INSERT INTO old_payments (order_id, cents) VALUES ('Q-1', 700)");
		jdbc.update("INSERT INTO new_payments (order_id, cents) VALUES ('R-1', 800)");
		jdbc.update("UPDATE new_payments SET cents = 999 WHERE order_id = 'P-2'");
	}

	/** Orders into old, each of 100 times its number in cents. */
	private static void insertOld(AssertableApplicationContext context, String... orderIds) {
		for (String orderId : orderIds) {
			jdbc(context).update("INSERT INTO old_payments (order_id, cents) VALUES (?, ?)", orderId,
					100 * Long.parseLong(orderId.substring(orderId.indexOf('-') + 1)));
		}
	}

	/** A side's rows, by order id. */
	private static Map<String, Long> payments(AssertableApplicationContext context, String impl) {
		Map<String, Long> rows = new LinkedHashMap<>();
		jdbc(context).query("SELECT order_id, cents FROM " + impl + "_payments ORDER BY order_id",
				(row) -> {
					rows.put(row.getString(1), row.getLong(2));
				});
		return rows;
	}

	private static JdbcTemplate jdbc(AssertableApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class));
	}

	private static List<ModeChange> history(AssertableApplicationContext context) {
		return context.getBean(MigrationRegistry.class).find(PAYMENTS).orElseThrow().history();
	}

	/** The payments' backfill: old_payments into new_payments, both in the application's DataSource. */
	@Configuration(proxyBeanMethods = false)
	static class PaymentsBackfillConfiguration {

		@Bean
		Backfill<String, Payment> paymentsBackfill(DataSource dataSource) {
			return Backfill.<String, Payment>of(PAYMENTS, String.class)
				.from(payments(dataSource, "old_payments"))
				.to(payments(dataSource, "new_payments"))
				.build();
		}

		private static JdbcBackfillTable<String, Payment> payments(DataSource dataSource, String table) {
			return JdbcBackfillTable.builder(dataSource, String.class, Payment.class)
				.table(table)
				.keyColumn("order_id")
				.columns("order_id", "cents")
				.build();
		}

	}

}
