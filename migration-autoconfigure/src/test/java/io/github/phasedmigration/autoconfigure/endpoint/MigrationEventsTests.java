package io.github.phasedmigration.autoconfigure.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.autoconfigure.Greeters;
import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.RecordedEvents;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.CriterionDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.MigrationDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.ReadinessDescriptor;
import io.github.phasedmigration.autoconfigure.events.MigrationEventPublisher;
import io.github.phasedmigration.autoconfigure.events.MigrationModeChangedEvent;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.criteria.Verdict;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.ModeChange;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.eventually;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.ONE;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.call;
import static io.github.phasedmigration.autoconfigure.endpoint.EndpointCalls.error;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Switching over the {@code migrations} endpoint: every change is published as a
 * {@link MigrationModeChangedEvent} and an audit event; a step forward that is not ready is a 409
 * with the readiness, unless forced; rolling back always works; the rollout fields of the body;
 * and 400s for values that are not allowed, which change nothing and publish nothing.
 */
class MigrationEventsTests {

	private static final String GREETING = Greeters.MIGRATION;

	private static final SecurityContext ALICE = EndpointCalls.ALICE;

	/** In SHADOW, judged over ten 1-second buckets, one call per side enough to judge. */
	private final ApplicationContextRunner runner = MigrationRunners.runner()
		.withUserConfiguration(MethodLevelConfiguration.class)
		.withBean(RecordedEvents.class)
		.withPropertyValues("management.endpoints.web.exposure.include=migrations",
				"migration.instances.greeting.mode=SHADOW", "migration.instances.greeting.criteria.bucket=1s",
				"migration.instances.greeting.criteria.buckets=10",
				"migration.instances.greeting.criteria.min-calls=1");

	private static Migration greeting(AssertableApplicationContext context) {
		return context.getBean(MigrationRegistry.class).find(GREETING).orElseThrow();
	}

	private static RecordedEvents events(AssertableApplicationContext context) {
		return context.getBean(RecordedEvents.class);
	}

	private static MigrationsEndpoint endpoint(AssertableApplicationContext context) {
		return context.getBean(MigrationsEndpoint.class);
	}

	/**
	 * {@code POST /actuator/migrations/greeting} with these body fields, as text: the web layer reads
	 * a body as text values (a JSON number as its text, a list as a comma-separated string).
	 */
	private static WebEndpointResponse<?> post(AssertableApplicationContext context, SecurityContext security,
			String... body) {
		Object[] arguments = new Object[2 + body.length];
		arguments[0] = "name";
		arguments[1] = GREETING;
		System.arraycopy(body, 0, arguments, 2, body.length);
		return call(context, WebEndpointHttpMethod.POST, ONE, security, arguments);
	}

	private static MigrationDescriptor ok(WebEndpointResponse<?> response) {
		assertThat(response.getStatus()).as("status of %s", response.getBody()).isEqualTo(200);
		return (MigrationDescriptor) response.getBody();
	}

	private static ModeChange last(Migration migration) {
		List<ModeChange> history = migration.history();
		return history.get(history.size() - 1);
	}

	/** The one event and the one audit published since {@code before} events, matching the last change. */
	private static AuditEvent assertPublishedOnce(AssertableApplicationContext context, int before) {
		ModeChange change = last(greeting(context));
		List<MigrationModeChangedEvent> changes = events(context).changes(GREETING);
		assertThat(changes).hasSize(before + 1);
		assertThat(changes.get(before).getChange()).isEqualTo(change);
		List<AuditEvent> audits = events(context).audits(MigrationEventPublisher.AUDIT_TYPE, GREETING);
		assertThat(audits).hasSize(before + 1);
		AuditEvent audit = audits.get(before);
		assertThat(audit.getType()).isEqualTo("MIGRATION_MODE_CHANGED");
		assertThat(audit.getTimestamp()).isEqualTo(change.time());
		assertThat(audit.getData()).containsEntry("migration", GREETING)
			.containsEntry("from", change.from().name())
			.containsEntry("to", change.to().name())
			.containsEntry("percentage", change.percentage())
			.containsEntry("fromPercentage", change.fromPercentage())
			.containsEntry("source", "actuator")
			.containsEntry("action", change.action())
			.containsEntry("forced", change.forced());
		return audit;
	}

	/** Calls in SHADOW whose results differ, until a closed bucket holds them: the window fails. */
	private static void failTheWindow(AssertableApplicationContext context, MigrationMode target) {
		OldGreeter greeter = context.getBean(OldGreeter.class);
		for (int i = 0; i < 5; i++) {
			greeter.greet("Bob");
		}
		eventually().atMost(Duration.ofSeconds(20))
			.until(() -> greeting(context).readiness(target).verdict() == Verdict.FAIL);
	}

	// ---- events and audit

	@Test
	void everyOverrideAndResetPublishesAnEventAndAnAuditWithThePrincipal() {
		this.runner.run((context) -> {
			MigrationsEndpoint endpoint = endpoint(context);
			assertThat(events(context).changes(GREETING)).as("start-up publishes nothing").isEmpty();

			endpoint.switchMode(GREETING, "OLD", null, null, null, null, "new is slow", ALICE);
			AuditEvent back = assertPublishedOnce(context, 0);
			assertThat(back.getPrincipal()).isEqualTo("alice");
			assertThat(back.getData()).containsEntry("from", "SHADOW")
				.containsEntry("to", "OLD")
				.containsEntry("percentage", 100.0)
				.containsEntry("reason", "new is slow")
				.containsEntry("action", "override")
				.containsEntry("forced", false);
			assertThat(last(greeting(context)).principal()).isEqualTo("alice");

			endpoint.switchMode(GREETING, "SHADOW", "40", null, null, null, "a share of it", SecurityContext.NONE);
			AuditEvent canary = assertPublishedOnce(context, 1);
			assertThat(canary.getPrincipal()).as("the source, when nobody is known").isEqualTo("actuator");
			assertThat(canary.getData()).containsEntry("from", "OLD")
				.containsEntry("to", "SHADOW")
				.containsEntry("percentage", 40.0)
				.containsEntry("reason", "a share of it");

			endpoint.resetOverride(GREETING, "back to configuration", ALICE);
			AuditEvent reset = assertPublishedOnce(context, 2);
			assertThat(reset.getPrincipal()).isEqualTo("alice");
			assertThat(reset.getData()).containsEntry("action", "reset")
				.containsEntry("from", "SHADOW")
				.containsEntry("to", "SHADOW")
				.containsEntry("fromPercentage", 40.0)
				.containsEntry("percentage", 100.0)
				.containsEntry("reason", "back to configuration");

			assertThat(endpoint.resetOverride(GREETING, "again", ALICE).overrideMode()).isNull();
			assertThat(events(context).changes(GREETING)).as("a reset without an override changes nothing")
				.hasSize(3);
		});
	}

	@Test
	void aListenerThatThrowsKeepsNeitherTheSwitchNorItsAuditFromHappening() {
		this.runner.withBean(ThrowingListener.class).run((context) -> {
			MigrationDescriptor switched = ok(post(context, ALICE, "mode", "OLD", "reason", "pager is down"));

			assertThat(switched.effectiveMode()).isEqualTo(MigrationMode.OLD);
			assertThat(context.getBean(ThrowingListener.class).calls).as("it was called").hasValue(1);
			assertThat(events(context).audits(MigrationEventPublisher.AUDIT_TYPE, GREETING))
				.as("the audit is kept even so")
				.singleElement()
				.satisfies((audit) -> assertThat(audit.getData()).containsEntry("reason", "pager is down"));
		});
	}

	/** A user's listener whose own work fails, such as paging through a service that is down. */
	static class ThrowingListener {

		final AtomicInteger calls = new AtomicInteger();

		@EventListener
		public void page(MigrationModeChangedEvent event) {
			this.calls.incrementAndGet();
			throw new IllegalStateException("pager is down");
		}

	}

	@Test
	void forcedStepForwardIsRecordedAsForcedWithTheMeasurements() {
		this.runner.run((context) -> {
			MigrationDescriptor switched = ok(post(context, ALICE, "mode", "REVERSE_SHADOW", "force", "true", "reason",
					"the window is empty, we know"));

			assertThat(switched.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			ModeChange change = last(greeting(context));
			assertThat(change.forced()).isTrue();
			assertThat(change.measurements()).containsOnlyKeys("min-calls", "discrepancy-rate", "new-error-rate",
					"latency-ratio");
			assertThat(change.measurements().get("min-calls")).startsWith("inconclusive: ");
			AuditEvent audit = assertPublishedOnce(context, 0);
			assertThat(audit.getPrincipal()).isEqualTo("alice");
			assertThat(audit.getData()).containsEntry("forced", true)
				.containsEntry("measurements", change.measurements());
		});
	}

	@Test
	void readyStepForwardIsNotForced() {
		this.runner.withPropertyValues("migration.instances.greeting.mode=OLD").run((context) -> {
			// SHADOW has no criteria: new serves nobody there
			ok(post(context, ALICE, "mode", "SHADOW"));
			assertThat(last(greeting(context)).forced()).isFalse();
			assertThat(last(greeting(context)).measurements()).isEmpty();
		});
	}

	// ---- 409 and rollbacks

	@Test
	void stepForwardNotReadyIsAConflictWithTheReadinessUnlessForced() {
		this.runner.run((context) -> {
			failTheWindow(context, MigrationMode.REVERSE_SHADOW);
			int history = greeting(context).history().size();

			WebEndpointResponse<?> refused = post(context, ALICE, "mode", "REVERSE_SHADOW", "percentage", "5",
					"reason", "canary");

			assertThat(refused.getStatus()).isEqualTo(409);
			assertThat(error(refused)).contains("'greeting' is not ready for REVERSE_SHADOW")
				.contains("discrepancy-rate fail")
				.contains("\"force\": true");
			ReadinessDescriptor readiness = (ReadinessDescriptor) ((Map<?, ?>) refused.getBody()).get("readiness");
			assertThat(readiness.target()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(readiness.ready()).isFalse();
			assertThat(readiness.verdict()).isEqualTo("fail");
			assertThat(readiness.window().buckets()).isPositive();
			assertThat(readiness.criteria()).extracting(CriterionDescriptor::name)
				.containsExactly("min-calls", "discrepancy-rate", "new-error-rate", "latency-ratio");
			assertThat(readiness.criteria()).allSatisfy((criterion) -> {
				assertThat(criterion.verdict()).isIn("pass", "fail", "inconclusive");
				assertThat(criterion.detail()).isNotBlank();
			});
			assertThat(readiness.criteria()).filteredOn((criterion) -> criterion.name().equals("discrepancy-rate"))
				.singleElement()
				.satisfies((criterion) -> {
					assertThat(criterion.measured()).isEqualTo(1.0);
					assertThat(criterion.threshold()).isEqualTo(0.01);
					assertThat(criterion.verdict()).isEqualTo("fail");
				});
			assertThat(readiness.criteria()).filteredOn((criterion) -> criterion.name().equals("min-calls"))
				.singleElement()
				.satisfies((criterion) -> {
					assertThat(criterion.measured()).isGreaterThanOrEqualTo(1.0);
					assertThat(criterion.threshold()).isEqualTo(1.0);
					assertThat(criterion.verdict()).isEqualTo("pass");
				});
			assertThat(greeting(context).effectiveMode()).as("refused: nothing changed")
				.isEqualTo(MigrationMode.SHADOW);
			assertThat(greeting(context).history()).hasSize(history);
			assertThat(events(context).changes(GREETING)).isEmpty();
			assertThat(events(context).audits()).isEmpty();

			MigrationDescriptor forced = ok(post(context, ALICE, "mode", "REVERSE_SHADOW", "percentage", "5",
					"force", "true", "reason", "canary anyway"));
			assertThat(forced.effectiveMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(forced.rollout().percentage()).isEqualTo(5.0);
			ModeChange change = last(greeting(context));
			assertThat(change.forced()).isTrue();
			assertThat(change.measurements()).hasEntrySatisfying("discrepancy-rate",
					(measured) -> assertThat(measured).startsWith("fail: "));
			assertThat(assertPublishedOnce(context, 0).getData()).containsEntry("forced", true)
				.containsEntry("percentage", 5.0);
		});
	}

	@Test
	void rollingBackIsAlwaysAllowed() {
		this.runner.withPropertyValues("migration.instances.greeting.mode=REVERSE_SHADOW").run((context) -> {
			// new serves, and differs from old: every criterion of REVERSE_SHADOW and NEW fails
			failTheWindow(context, MigrationMode.NEW);
			assertThat(greeting(context).readiness(MigrationMode.REVERSE_SHADOW).verdict()).isEqualTo(Verdict.FAIL);

			assertThat(post(context, ALICE, "mode", "NEW").getStatus()).as("forward: refused").isEqualTo(409);
			assertThat(ok(post(context, ALICE, "percentage", "50", "reason", "fewer customers")).effectiveMode())
				.as("a smaller share of the same mode").isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(ok(post(context, ALICE, "mode", "SHADOW", "reason", "differs")).effectiveMode())
				.isEqualTo(MigrationMode.SHADOW);
			assertThat(ok(post(context, ALICE, "mode", "OLD")).effectiveMode()).isEqualTo(MigrationMode.OLD);
			assertThat(greeting(context).history()).noneMatch(ModeChange::forced);
		});
	}

	// ---- the rollout fields of a switch

	@Test
	void percentageWithoutAModeKeepsTheModeAndAModeWithoutAPercentageMeansAll() {
		this.runner.run((context) -> {
			MigrationDescriptor canary = ok(post(context, ALICE, "percentage", "5.5"));
			assertThat(canary.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
			assertThat(canary.rollout().percentage()).isEqualTo(5.5);
			assertThat(last(greeting(context)).percentage()).isEqualTo(5.5);

			MigrationDescriptor all = ok(post(context, ALICE, "mode", "shadow"));
			assertThat(all.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
			assertThat(all.rollout().percentage()).isEqualTo(100.0);

			MigrationDescriptor sampled = ok(post(context, ALICE, "allowList", "vip-1, vip-2", "sampleRate",
					"0.25"));
			assertThat(sampled.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
			assertThat(sampled.rollout().percentage()).as("kept").isEqualTo(100.0);
			assertThat(sampled.rollout().allowList()).containsExactly("vip-1", "vip-2");
			assertThat(sampled.rollout().sampleRate()).isEqualTo(0.25);
		});
	}

	// ---- values that are not allowed: 400, nothing changes, nothing is published

	@Test
	void reasonWithALineBreakIsABadRequest() {
		assertBadRequest("'reason'", "control characters", "mode", "OLD", "reason", "first line\nforged line");
	}

	@Test
	void reasonWithAUnicodeLineSeparatorOrBidiOverrideIsABadRequest() {
		assertBadRequest("'reason'", "control characters", "mode", "OLD", "reason", "first line\u2028forged line");
		assertBadRequest("'reason'", "control characters", "mode", "OLD", "reason", "approved by \u202eecila");
	}

	@Test
	void reasonLongerThan500CharactersIsABadRequest() {
		assertBadRequest("'reason' has 501 characters; at most 500", null, "mode", "OLD", "reason", "x".repeat(501));
	}

	@Test
	void reasonOf500CharactersIsKept() {
		this.runner.run((context) -> {
			ok(post(context, ALICE, "mode", "OLD", "reason", "x".repeat(500)));
			assertThat(last(greeting(context)).reason()).hasSize(500);
		});
	}

	@Test
	void percentageNotANumberIsABadRequestNamingTheRange() {
		assertBadRequest("percentage = 'NaN'", "a number from 0 to 100 with at most two decimals", "mode", "OLD",
				"percentage", "NaN");
	}

	@Test
	void percentageWithThreeDecimalsIsABadRequest() {
		assertBadRequest("percentage = '5.555'", "a number from 0 to 100", "percentage", "5.555");
	}

	@Test
	void allowListWithAControlCharacterIsABadRequest() {
		assertBadRequest("allowList contains 'vip\\u001b[31m'", "without control characters", "allowList",
				"ok,vip\u001b[31m");
	}

	private void assertBadRequest(String message, String allowed, String... body) {
		this.runner.run((context) -> {
			Migration migration = greeting(context);
			int history = migration.history().size();

			WebEndpointResponse<?> response = post(context, ALICE, body);

			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(error(response)).contains(message).contains((allowed != null) ? allowed : message);
			assertThat(response.getBody()).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("status", 400);
			assertThat(migration.rollout().mode()).isEqualTo(MigrationMode.SHADOW);
			assertThat(migration.rollout().percentage()).isEqualTo(100.0);
			assertThat(migration.history()).hasSize(history);
			assertThat(events(context).changes(GREETING)).isEmpty();
			assertThat(events(context).audits()).isEmpty();
		});
	}

}
