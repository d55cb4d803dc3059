package io.github.phasedmigration.autoconfigure.endpoint;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.phasedmigration.autoconfigure.Greeters;
import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.JournalDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.MigrationDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.ParkedActionDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.ParkedEntriesDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.ParkedEntryDescriptor;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Ledger;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.OldPayments;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Payment;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.PaymentsConfiguration;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.reconciliation.Reconciler;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.ModeChange;

import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.ONE;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.SECTION;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.call;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.error;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciliation journal in the {@code migrations} endpoint: its counts in the descriptors,
 * and {@code GET|POST /actuator/migrations/{name}/parked}. Operations are called as the web layer
 * calls them ({@link EndpointCalls}), through the web extension.
 */
class MigrationsEndpointJournalTests {

	private static final String PAYMENTS = JournalFixtures.PAYMENTS;

	private static final SecurityContext ALICE = EndpointCalls.ALICE;

	private final ApplicationContextRunner runner = JournalFixtures.runner()
		.withUserConfiguration(PaymentsConfiguration.class)
		.withPropertyValues("management.endpoints.web.exposure.include=migrations",
				"migration.instances.payments.mode=SHADOW", "migration.journal.reconciler.enabled=false",
				"migration.journal.reconciler.max-attempts=1");

	// ---- helpers

	/** Second writes of these orders fail and are journaled. */
	private static void failSecondWrites(AssertableApplicationContext context, String... orderIds) {
		context.getBean(Ledger.class).down("new");
		for (String orderId : orderIds) {
			context.getBean(OldPayments.class).record(new Payment(orderId, 10));
		}
	}

	/** Second writes of these orders fail, and their one attempt to replay them too: parked. */
	private static void park(AssertableApplicationContext context, String... orderIds) {
		failSecondWrites(context, orderIds);
		assertThat(context.getBean(Reconciler.class).runOnce().claimed()).isEqualTo(orderIds.length);
		context.getBean(JournalStatsCache.class).refresh();
	}

	private static WebEndpointResponse<?> getParked(AssertableApplicationContext context, Object... query) {
		Object[] arguments = new Object[4 + query.length];
		arguments[0] = "name";
		arguments[1] = PAYMENTS;
		arguments[2] = "section";
		arguments[3] = "parked";
		System.arraycopy(query, 0, arguments, 4, query.length);
		return call(context, WebEndpointHttpMethod.GET, SECTION, SecurityContext.NONE, arguments);
	}

	private static WebEndpointResponse<?> postParked(AssertableApplicationContext context, SecurityContext security,
			Object... body) {
		Object[] arguments = new Object[4 + body.length];
		arguments[0] = "name";
		arguments[1] = PAYMENTS;
		arguments[2] = "section";
		arguments[3] = "parked";
		System.arraycopy(body, 0, arguments, 4, body.length);
		return call(context, WebEndpointHttpMethod.POST, SECTION, security, arguments);
	}

	private static ParkedEntriesDescriptor page(WebEndpointResponse<?> response) {
		assertThat(response.getStatus()).as("status of %s", response.getBody()).isEqualTo(200);
		return (ParkedEntriesDescriptor) response.getBody();
	}

	private static JournalDescriptor journal(AssertableApplicationContext context) {
		WebEndpointResponse<?> response = call(context, WebEndpointHttpMethod.GET, ONE, SecurityContext.NONE, "name",
				PAYMENTS);
		assertThat(response.getStatus()).isEqualTo(200);
		JournalDescriptor journal = ((MigrationDescriptor) response.getBody()).journal();
		assertThat(journal).isNotNull();
		return journal;
	}

	// ---- counts in the descriptors

	@Test
	void descriptorShowsPendingEntriesWithTheAgeOfTheOldestThenParkedOnes() {
		this.runner.run((context) -> {
			assertThat(journal(context)).isEqualTo(new JournalDescriptor(true, 0, 0, null));

			failSecondWrites(context, "A-1", "A-2");
			context.getBean(JournalStatsCache.class).refresh();

			JournalDescriptor pending = journal(context);
			assertThat(pending.durable()).isTrue();
			assertThat(pending.pending()).isEqualTo(2);
			assertThat(pending.parked()).isZero();
			assertThat(pending.oldestPendingAge()).matches("\\d+(ms|s|m|h|d)");
			assertThat(context.getBean(MigrationsEndpoint.class).migrations().migrations().get(PAYMENTS).journal())
				.as("in the list too")
				.satisfies((listed) -> {
					assertThat(listed.pending()).isEqualTo(2);
					assertThat(listed.oldestPendingAge()).isNotNull();
				});

			context.getBean(Reconciler.class).runOnce();
			context.getBean(JournalStatsCache.class).refresh();

			assertThat(journal(context)).isEqualTo(new JournalDescriptor(true, 0, 2, null));
		});
	}

	@Test
	void descriptorOfTheInMemoryJournalSaysItIsNotDurable() {
		MigrationRunners.runner()
			.withUserConfiguration(Greeters.WriteConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=migrations")
			.run((context) -> assertThat(context.getBean(MigrationsEndpoint.class)
				.migration(Greeters.MIGRATION)
				.journal()).isEqualTo(new JournalDescriptor(false, 0, 0, null)));
	}

	// ---- GET {name}/parked

	@Test
	void parkedEntriesArePagedOldestFirst() {
		this.runner.run((context) -> {
			park(context, "P-1", "P-2", "P-3");

			ParkedEntriesDescriptor first = page(getParked(context, "page", "0", "size", "2"));
			assertThat(first.migration()).isEqualTo(PAYMENTS);
			assertThat(first.total()).isEqualTo(3);
			assertThat(first.page()).isZero();
			assertThat(first.size()).isEqualTo(2);
			assertThat(first.entries()).hasSize(2).first().satisfies((entry) -> {
				assertThat(entry.impl()).isEqualTo("new");
				assertThat(entry.method()).isEqualTo(OldPayments.class.getName() + "#record(" + Payment.class.getName()
						+ ")");
				assertThat(entry.arguments()).contains("\"P-1\"");
				assertThat(entry.cause()).isEqualTo("failed");
				assertThat(entry.lastError()).contains("new store is down");
				assertThat(entry.attempts()).isOne();
			});
			ParkedEntriesDescriptor second = page(getParked(context, "page", "1", "size", "2"));
			assertThat(second.entries()).singleElement()
				.satisfies((entry) -> assertThat(entry.arguments()).contains("\"P-3\""));
			assertThat(page(getParked(context, "page", "2", "size", "2")).entries()).isEmpty();

			List<Long> ids = page(getParked(context)).entries().stream().map(ParkedEntryDescriptor::id).toList();
			assertThat(ids).as("default page: all, oldest first").hasSize(3).isSorted();
			assertThat(page(getParked(context, "size", "500")).entries()).hasSize(3);
		});
	}

	@Test
	void pageSizeOutsideOneToFiveHundredOrANegativePageIsABadRequest() {
		this.runner.run((context) -> {
			for (Object[] query : List.of(new Object[] { "size", "0" }, new Object[] { "size", "501" },
					new Object[] { "page", "-1" })) {
				WebEndpointResponse<?> response = getParked(context, query);
				assertThat(response.getStatus()).as("%s=%s", query[0], query[1]).isEqualTo(400);
				assertThat(error(response)).contains("size between 1 and 500");
			}
		});
	}

	// ---- POST {name}/parked

	@Test
	void retryMakesTheEntriesPendingAgainAndIsRecordedWithThePrincipal() {
		this.runner.run((context) -> {
			park(context, "R-1", "R-2", "R-3");
			List<Long> ids = page(getParked(context)).entries().stream().map(ParkedEntryDescriptor::id).toList();

			WebEndpointResponse<?> response = postParked(context, ALICE, "action", "retry", "ids", List.of(ids.get(0)));

			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getBody())
				.isEqualTo(new ParkedActionDescriptor(PAYMENTS, "retry", List.of(ids.get(0)), 1));
			assertThat(journal(context)).satisfies((journal) -> {
				assertThat(journal.pending()).isOne();
				assertThat(journal.parked()).isEqualTo(2);
			});
			assertThat(history(context)).last().satisfies((change) -> {
				assertThat(change.source()).isEqualTo(MigrationsEndpoint.SOURCE);
				assertThat(change.action()).isEqualTo("journal-retry");
				assertThat(change.principal()).isEqualTo("alice");
				assertThat(change.from()).isEqualTo(MigrationMode.SHADOW);
				assertThat(change.to()).as("no change of mode").isEqualTo(MigrationMode.SHADOW);
			});

			Ledger ledger = context.getBean(Ledger.class);
			ledger.up("new");
			assertThat(context.getBean(Reconciler.class).runOnce().replayed()).as("due at once").isOne();
			assertThat(ledger.committed("new", "R-1")).isEqualTo(10);

			WebEndpointResponse<?> all = postParked(context, ALICE, "action", "RETRY");
			assertThat(all.getBody()).as("without ids: every parked entry")
				.isEqualTo(new ParkedActionDescriptor(PAYMENTS, "retry", null, 2));
		});
	}

	@Test
	void idsMayComeAsStrings() {
		this.runner.run((context) -> {
			park(context, "S-1");
			long id = page(getParked(context)).entries().get(0).id();
			WebEndpointResponse<?> response = postParked(context, ALICE, "action", "retry", "ids",
					List.of(String.valueOf(id)));
			assertThat(response.getBody()).isEqualTo(new ParkedActionDescriptor(PAYMENTS, "retry", List.of(id), 1));
		});
	}

	@Test
	void discardNeedsAReasonAndIsRecordedInTheHistoryWithThePrincipal() {
		this.runner.run((context) -> {
			park(context, "D-1", "D-2");
			long id = page(getParked(context)).entries().get(0).id();

			WebEndpointResponse<?> withoutReason = postParked(context, ALICE, "action", "discard", "ids", List.of(id));
			assertThat(withoutReason.getStatus()).isEqualTo(400);
			assertThat(error(withoutReason)).contains("reason");
			assertThat(postParked(context, ALICE, "action", "discard", "reason", " ").getStatus()).isEqualTo(400);
			assertThat(page(getParked(context)).total()).as("nothing discarded").isEqualTo(2);
			int historySize = history(context).size();

			WebEndpointResponse<?> discarded = postParked(context, ALICE, "action", "discard", "ids", List.of(id),
					"reason", "written by hand in the new store");

			assertThat(discarded.getStatus()).isEqualTo(200);
			assertThat(discarded.getBody()).isEqualTo(new ParkedActionDescriptor(PAYMENTS, "discard", List.of(id), 1));
			assertThat(page(getParked(context)).entries()).extracting(ParkedEntryDescriptor::id).doesNotContain(id);
			assertThat(journal(context).parked()).isOne();
			assertThat(history(context)).hasSize(historySize + 1).last().satisfies((change) -> {
				assertThat(change.source()).isEqualTo(MigrationsEndpoint.SOURCE);
				assertThat(change.action()).isEqualTo("journal-discard");
				assertThat(change.principal()).isEqualTo("alice");
				assertThat(change.reason()).contains("written by hand in the new store").contains(String.valueOf(id));
			});
		});
	}

	@Test
	void unknownActionOrNoActionOrBadIdsAreBadRequests() {
		this.runner.run((context) -> {
			park(context, "U-1");
			WebEndpointResponse<?> unknown = postParked(context, ALICE, "action", "replay");
			assertThat(unknown.getStatus()).isEqualTo(400);
			assertThat(error(unknown)).contains("replay").contains("retry, discard");

			WebEndpointResponse<?> missing = postParked(context, ALICE);
			assertThat(missing.getStatus()).isEqualTo(400);
			assertThat(error(missing)).contains("action");

			WebEndpointResponse<?> badIds = postParked(context, ALICE, "action", "retry", "ids", List.of("first"));
			assertThat(badIds.getStatus()).isEqualTo(400);
			assertThat(error(badIds)).contains("first");

			assertThat(page(getParked(context)).total()).as("nothing changed").isOne();
		});
	}

	@Test
	void unknownMigrationIsNotFound() {
		this.runner.run((context) -> {
			WebEndpointResponse<?> get = call(context, WebEndpointHttpMethod.GET, SECTION, SecurityContext.NONE, "name",
					"nope", "section", "parked");
			assertThat(get.getStatus()).isEqualTo(404);
			assertThat(error(get)).contains("nope").contains(PAYMENTS);
			WebEndpointResponse<?> post = call(context, WebEndpointHttpMethod.POST, SECTION, ALICE, "name", "nope",
					"section", "parked", "action", "retry");
			assertThat(post.getStatus()).isEqualTo(404);
		});
	}

	@Test
	void unknownSectionIsNotFound() {
		this.runner.run((context) -> {
			park(context, "F-1");
			WebEndpointResponse<?> get = call(context, WebEndpointHttpMethod.GET, SECTION, SecurityContext.NONE, "name",
					PAYMENTS, "section", "foo");
			assertThat(get.getStatus()).isEqualTo(404);
			assertThat(error(get)).contains("foo").contains("parked");
			WebEndpointResponse<?> post = call(context, WebEndpointHttpMethod.POST, SECTION, ALICE, "name", PAYMENTS,
					"section", "foo", "action", "discard", "reason", "typo");
			assertThat(post.getStatus()).isEqualTo(404);
			assertThat(page(getParked(context)).total()).as("nothing discarded").isOne();
		});
	}

	private static List<ModeChange> history(AssertableApplicationContext context) {
		return context.getBean(MigrationRegistry.class).find(PAYMENTS).orElseThrow().history();
	}

}
