package io.github.phasedmigration.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A canary of pricing V2 over real HTTP, with the sample's own (demo) success criteria: the endpoint
 * shows the rollout and the readiness for the next mode; a step forward before the window has
 * enough calls is refused (409) and changes nothing, unless forced (recorded as forced, with the
 * measurements); a 1% canary of REVERSE_SHADOW lets V2 serve about 1% of the quotes, 50% about
 * half, and rolling back needs no force. Every change is an audit event and moves the
 * {@code migration_mode_percentage} gauge; a request with a value that is not allowed answers 400
 * naming the field and changes nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:canary-rollout;DB_CLOSE_DELAY=-1")
class CanaryRolloutHttpTest {

	private static final String MIGRATION = "/actuator/migrations/pricing-v2";

	private static final String PERCENTAGE_GAUGE = "migration_mode_percentage{application=\"sample-app\",migration=\"pricing-v2\"} ";

	/** Quotes on which V1 and V2 agree (below 10 units both charge the list price). */
	private static final List<String> AGREEING = List.of("sku=PEN&quantity=3", "sku=BOOK&quantity=2",
			"sku=LAMP&quantity=5", "sku=DESK&quantity=1");

	@LocalServerPort
	private int port;

	private SampleHttp http;

	@BeforeEach
	void connect() {
		this.http = new SampleHttp(this.port);
	}

	@AfterEach
	void dropOverride() throws Exception {
		this.http.send("DELETE", MIGRATION + "?reason=test%20cleanup", null);
	}

	@Test
	void aCanaryIsGatedForcedMeasuredWidenedAndRolledBack() throws Exception {
		// before any traffic: SHADOW for every call, and nothing to judge REVERSE_SHADOW by
		JsonNode before = this.http.get(MIGRATION);
		assertThat(before.get("effectiveMode").asString()).isEqualTo("SHADOW");
		assertThat(before.get("rollout").get("percentage").asDouble()).isEqualTo(100.0);
		assertThat(before.get("rollout").get("salt").asString()).isEqualTo("pricing-v2");
		JsonNode criteria = before.get("criteria");
		assertThat(criteria.get("bucket").asString()).as("the sample's demo criteria").isEqualTo("10s");
		assertThat(criteria.get("buckets").asInt()).isEqualTo(3);
		assertThat(criteria.get("minCalls").asLong()).isEqualTo(100);
		assertThat(criteria.get("maxLatencyRatio").asDouble()).isEqualTo(2.5);
		JsonNode readiness = before.get("readiness");
		assertThat(readiness.get("target").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(readiness.get("ready").asBoolean()).isFalse();
		assertThat(readiness.get("verdict").asString()).isEqualTo("inconclusive");
		assertThat(criterion(readiness, "min-calls").get("verdict").asString()).isEqualTo("inconclusive");
		assertThat(criterion(readiness, "min-calls").get("threshold").asDouble()).isEqualTo(100.0);
		assertThat(this.http.scrape()).contains(PERCENTAGE_GAUGE + "100.0");

		// a canary of REVERSE_SHADOW without force: refused with the unmet criteria, nothing changes
		HttpResponse<String> refused = this.http.send("POST", MIGRATION,
				"{\"mode\": \"REVERSE_SHADOW\", \"percentage\": 1, \"reason\": \"canary\"}");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		JsonNode refusal = AppHttp.json.readTree(refused.body());
		assertThat(refusal.get("error").asString()).contains("not ready for REVERSE_SHADOW", "min-calls",
				"\"force\": true");
		assertThat(refusal.get("readiness").get("target").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(refusal.get("readiness").get("verdict").asString()).isEqualTo("inconclusive");
		JsonNode minCalls = criterion(refusal.get("readiness"), "min-calls");
		assertThat(minCalls.get("verdict").asString()).isEqualTo("inconclusive");
		assertThat(minCalls.get("detail").asString()).contains("100 each needed");
		JsonNode unchanged = this.http.get(MIGRATION);
		assertThat(unchanged.get("effectiveMode").asString()).isEqualTo("SHADOW");
		assertThat(unchanged.has("overrideMode")).isFalse();
		assertThat(unchanged.get("rollout").get("percentage").asDouble()).isEqualTo(100.0);
		assertThat(unchanged.get("history").size()).isEqualTo(before.get("history").size());

		// forced: 1% of the calls in REVERSE_SHADOW, recorded as forced with what the window measured
		JsonNode forced = this.http.post(MIGRATION, "{\"mode\": \"REVERSE_SHADOW\", \"percentage\": 1, "
				+ "\"force\": true, \"reason\": \"canary of 1%, window still empty\"}");
		assertThat(forced.get("overrideMode").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(forced.get("effectiveMode").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(forced.get("rollout").get("percentage").asDouble()).isEqualTo(1.0);
		assertThat(forced.get("readiness").get("target").asString()).isEqualTo("NEW");
		JsonNode forcedChange = last(forced.get("history"));
		assertThat(forcedChange.get("from").asString()).isEqualTo("SHADOW");
		assertThat(forcedChange.get("to").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(forcedChange.get("fromPercentage").asDouble()).isEqualTo(100.0);
		assertThat(forcedChange.get("percentage").asDouble()).isEqualTo(1.0);
		assertThat(forcedChange.get("source").asString()).isEqualTo("actuator");
		assertThat(forcedChange.get("action").asString()).isEqualTo("override");
		assertThat(forcedChange.get("forced").asBoolean()).isTrue();
		assertThat(forcedChange.get("measurements").get("min-calls").asString()).startsWith("inconclusive: ");
		assertThat(forcedChange.get("measurements").propertyNames()).contains("discrepancy-rate", "new-error-rate",
				"latency-ratio");
		assertThat(this.http.scrape()).contains(PERCENTAGE_GAUGE + "1.0");

		// 500 quotes: about 1% served by V2 (new, old as fallback), the rest by V1 with V2 in shadow
		JsonNode counters = counters();
		this.http.quote(AGREEING, 500);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode after = counters();
			long servedNew = delta(counters, after, "served", "new");
			long servedOld = delta(counters, after, "served", "old");
			assertThat(servedNew).as("served by new at 1%").isBetween(0L, 25L);
			assertThat(servedOld).as("served by old at 1%").isEqualTo(500 - servedNew);
			// every call runs both: the canary's as REVERSE_SHADOW, the others as SHADOW
			assertThat(delta(counters, after, "calls", "new")).isEqualTo(500);
			assertThat(delta(counters, after, "calls", "old")).isEqualTo(500);
		});

		// wider: the mode stays, the share changes; not a step forward, so no criteria and no force
		JsonNode widened = this.http.post(MIGRATION, "{\"percentage\": 50, \"reason\": \"canary looks fine\"}");
		assertThat(widened.get("effectiveMode").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(widened.get("rollout").get("percentage").asDouble()).isEqualTo(50.0);
		JsonNode widening = last(widened.get("history"));
		assertThat(widening.get("from").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(widening.get("to").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(widening.get("fromPercentage").asDouble()).isEqualTo(1.0);
		assertThat(widening.get("percentage").asDouble()).isEqualTo(50.0);
		assertThat(widening.get("forced").asBoolean()).isFalse();
		assertThat(this.http.scrape()).contains(PERCENTAGE_GAUGE + "50.0");
		JsonNode atHalf = counters();
		this.http.quote(AGREEING, 400);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode after = counters();
			long servedNew = delta(atHalf, after, "served", "new");
			// binomial(400, 0.5): 200 +- 10; these bounds are 8 standard deviations away
			assertThat(servedNew).as("served by new at 50%").isBetween(120L, 280L);
			assertThat(delta(atHalf, after, "served", "old")).isEqualTo(400 - servedNew);
		});

		// rolling back is always allowed, without force
		JsonNode rolledBack = this.http.post(MIGRATION, "{\"mode\": \"SHADOW\", \"reason\": \"back to shadow\"}");
		assertThat(rolledBack.get("effectiveMode").asString()).isEqualTo("SHADOW");
		assertThat(rolledBack.get("rollout").get("percentage").asDouble()).isEqualTo(100.0);
		assertThat(rolledBack.get("readiness").get("target").asString()).isEqualTo("REVERSE_SHADOW");
		JsonNode rollback = last(rolledBack.get("history"));
		assertThat(rollback.get("from").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(rollback.get("to").asString()).isEqualTo("SHADOW");
		assertThat(rollback.get("fromPercentage").asDouble()).isEqualTo(50.0);
		assertThat(rollback.get("forced").asBoolean()).isFalse();
		assertThat(this.http.scrape()).contains(PERCENTAGE_GAUGE + "100.0");

		// the three changes in the audit; no security here, so the principal is the source, actuator
		List<JsonNode> audited = new ArrayList<>();
		this.http.get("/actuator/auditevents?type=MIGRATION_MODE_CHANGED").get("events").forEach((event) -> {
			String reason = event.get("data").path("reason").asString("");
			if (List.of("canary of 1%, window still empty", "canary looks fine", "back to shadow").contains(reason)) {
				audited.add(event);
			}
		});
		assertThat(audited).hasSize(3);
		assertThat(audited).allSatisfy((event) -> {
			assertThat(event.get("type").asString()).isEqualTo("MIGRATION_MODE_CHANGED");
			assertThat(event.get("principal").asString()).isEqualTo("actuator");
			assertThat(event.get("data").get("migration").asString()).isEqualTo("pricing-v2");
			assertThat(event.get("data").get("source").asString()).isEqualTo("actuator");
			assertThat(event.get("data").get("action").asString()).isEqualTo("override");
		});
		assertThat(audited).extracting((event) -> List.of(event.get("data").get("from").asString(),
				event.get("data").get("to").asString(), event.get("data").get("fromPercentage").asDouble(),
				event.get("data").get("percentage").asDouble(), event.get("data").get("forced").asBoolean()))
			.containsExactly(List.of("SHADOW", "REVERSE_SHADOW", 100.0, 1.0, true),
					List.of("REVERSE_SHADOW", "REVERSE_SHADOW", 1.0, 50.0, false),
					List.of("REVERSE_SHADOW", "SHADOW", 50.0, 100.0, false));
		assertThat(audited.get(0).get("data").get("measurements").get("min-calls").asString())
			.startsWith("inconclusive: ");
		assertThat(audited.get(1).get("data").has("measurements")).isFalse();
	}

	@Test
	void valuesThatAreNotAllowedAnswer400NamingTheFieldAndChangeNothing() throws Exception {
		JsonNode before = this.http.get(MIGRATION);
		String percentageAllowed = "a number from 0 to 100 with at most two decimals";
		// each forced, so that a value let through would really change the rollout
		record Refusal(String body, List<String> message) {
		}
		List<Refusal> refusals = List.of(
				new Refusal("{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"percentage\": \"NaN\"}",
						List.of("percentage = 'NaN'", percentageAllowed)),
				new Refusal("{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"percentage\": -1}",
						List.of("percentage = '-1'", percentageAllowed)),
				new Refusal("{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"percentage\": 100.5}",
						List.of("percentage = '100.5'", percentageAllowed)),
				new Refusal("{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"percentage\": 5.555}",
						List.of("percentage = '5.555'", percentageAllowed)),
				new Refusal("{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"percentage\": \"abc\"}",
						List.of("percentage = 'abc'", percentageAllowed)),
				new Refusal("{\"sampleRate\": 2}", List.of("sampleRate = '2'", "a number from 0 to 1")),
				new Refusal("{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"reason\": \"two\\nlines\"}",
						List.of("'reason' = 'two\\u000alines'", "control characters")),
				new Refusal("{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"reason\": \"" + "r".repeat(501) + "\"}",
						List.of("'reason' has 501 characters", "at most 500")),
				new Refusal("{\"mode\": \"REVERSE\\u0007SHADOW\", \"force\": true}",
						List.of("'mode' = 'REVERSE\\u0007SHADOW'", "OLD, SHADOW, REVERSE_SHADOW, NEW")),
				// over HTTP the allow-list is one text, its keys separated by commas: here an empty key
				new Refusal("{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"allowList\": \"internal-1,,internal-2\"}",
						List.of("allowList contains ''", "non-blank")),
				new Refusal("{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"allowList\": \" \"}",
						List.of("allowList contains ''", "non-blank")));
		for (Refusal refusal : refusals) {
			HttpResponse<String> response = this.http.send("POST", MIGRATION, refusal.body());
			assertThat(response.statusCode()).as("%s: %s", refusal.body(), response.body()).isEqualTo(400);
			assertThat(AppHttp.json.readTree(response.body()).get("error").asString()).as(refusal.body())
				.contains(refusal.message());
		}

		JsonNode after = this.http.get(MIGRATION);
		assertThat(after.get("effectiveMode").asString()).isEqualTo("SHADOW");
		assertThat(after.has("overrideMode")).isFalse();
		assertThat(after.get("rollout")).isEqualTo(before.get("rollout"));
		assertThat(after.get("history").size()).isEqualTo(before.get("history").size());

		// the limits themselves are allowed
		JsonNode atTheLimits = this.http.post(MIGRATION, "{\"percentage\": 99.99, \"sampleRate\": 0.0001, "
				+ "\"allowList\": \"internal-1, internal-2\", \"reason\": \"" + "r".repeat(500) + "\"}");
		assertThat(atTheLimits.get("effectiveMode").asString()).isEqualTo("SHADOW");
		assertThat(atTheLimits.get("rollout").get("percentage").asDouble()).isEqualTo(99.99);
		assertThat(atTheLimits.get("rollout").get("sampleRate").asDouble()).isEqualTo(0.0001);
		assertThat(atTheLimits.get("rollout").get("allowList")).extracting(JsonNode::asString)
			.containsExactly("internal-1", "internal-2");
		assertThat(last(atTheLimits.get("history")).get("reason").asString()).hasSize(500);
	}

	private JsonNode counters() throws Exception {
		return this.http.get(MIGRATION).get("counters");
	}

	private static long delta(JsonNode before, JsonNode after, String group, String key) {
		return after.get(group).get(key).asLong() - before.get(group).get(key).asLong();
	}

	private static JsonNode last(JsonNode array) {
		return array.get(array.size() - 1);
	}

	private static JsonNode criterion(JsonNode readiness, String name) {
		for (JsonNode criterion : readiness.get("criteria")) {
			if (criterion.get("name").asString().equals(name)) {
				return criterion;
			}
		}
		throw new AssertionError("No criterion '" + name + "' in " + readiness);
	}

}
