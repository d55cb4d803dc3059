package io.github.phasedmigration.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
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
 * The success criteria judged on real traffic over HTTP: quotes on which V1 and V2 agree, in
 * SHADOW, make pricing-v2 ready for REVERSE_SHADOW, and the switch goes through without force;
 * quotes on which they disagree then fail its readiness for NEW on the discrepancy rate, and the
 * switch to NEW is refused (409) naming it.
 *
 * <p>The sample's demo window (three 10 s buckets, 100 calls a side) would take half a minute per
 * verdict: this test shrinks it to two 1 s buckets and 50 calls, as command-line arguments (which
 * win over application.yml). Both pricing versions take 1 ms, so that the latency ratio compares
 * two like implementations rather than a few microseconds of scheduling noise.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		args = { "--spring.datasource.url=jdbc:h2:mem:canary-readiness;DB_CLOSE_DELAY=-1",
				"--migration.instances.pricing-v2.criteria.bucket=1s",
				"--migration.instances.pricing-v2.criteria.buckets=2",
				"--migration.instances.pricing-v2.criteria.min-calls=50", "--sample.pricing.v1-latency=1ms",
				"--sample.pricing.v2-latency=1ms" })
class CanaryReadinessHttpTest {

	private static final String MIGRATION = "/actuator/migrations/pricing-v2";

	/**
	 * V1 and V2 agree: below 10 units both charge the list price, and from 10 to 49 units both take
	 * 10% off, where the total has no half cent to round (PEN x20: 2682, DESK x15: 336150).
	 */
	private static final List<String> AGREEING = List.of("sku=PEN&quantity=3", "sku=BOOK&quantity=2",
			"sku=LAMP&quantity=5", "sku=DESK&quantity=1", "sku=PEN&quantity=20", "sku=DESK&quantity=15");

	/**
	 * V1 and V2 disagree: from 50 units V2 takes 15% off (BOOK x60: 107946 against 101949), and
	 * half cents round up in V1, to even in V2 (BOOK x15: 26987 against 26986).
	 */
	private static final List<String> DISAGREEING = List.of("sku=BOOK&quantity=60", "sku=PEN&quantity=50",
			"sku=LAMP&quantity=75", "sku=BOOK&quantity=15", "sku=LAMP&quantity=15");

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
	void agreeingTrafficMakesItReadyAndDisagreeingTrafficStopsTheNextStep() throws Exception {
		JsonNode before = this.http.get(MIGRATION);
		assertThat(before.get("effectiveMode").asString()).isEqualTo("SHADOW");
		JsonNode criteria = before.get("criteria");
		assertThat(criteria.get("bucket").asString()).as("the arguments win over application.yml").isEqualTo("1s");
		assertThat(criteria.get("buckets").asInt()).isEqualTo(2);
		assertThat(criteria.get("minCalls").asLong()).isEqualTo(50);
		assertThat(criteria.get("maxLatencyRatio").asDouble()).as("from application.yml").isEqualTo(2.5);
		JsonNode counters = before.get("counters");

		// SHADOW with quotes both agree on: the window fills and meets every criterion of REVERSE_SHADOW
		try (SampleHttp.Traffic traffic = this.http.traffic(AGREEING)) {
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				JsonNode readiness = this.http.get(MIGRATION).get("readiness");
				assertThat(readiness.get("target").asString()).isEqualTo("REVERSE_SHADOW");
				assertThat(readiness.get("ready").asBoolean()).as("%s", readiness).isTrue();
			});
			JsonNode readiness = this.http.get(MIGRATION).get("readiness");
			assertThat(readiness.get("verdict").asString()).isEqualTo("pass");
			assertThat(readiness.get("criteria")).extracting((criterion) -> criterion.get("name").asString())
				.containsExactly("min-calls", "discrepancy-rate", "new-error-rate", "latency-ratio");
			assertThat(readiness.get("criteria")).allSatisfy(
					(criterion) -> assertThat(criterion.get("verdict").asString()).as("%s", criterion).isEqualTo("pass"));
			assertThat(criterion(readiness, "min-calls").get("measured").asDouble()).isGreaterThanOrEqualTo(50);
			assertThat(criterion(readiness, "discrepancy-rate").get("measured").asDouble()).isZero();

			// no force needed, and none recorded; the traffic runs on, so the window cannot empty meanwhile
			JsonNode switched = this.http.post(MIGRATION,
					"{\"mode\": \"REVERSE_SHADOW\", \"reason\": \"the window of agreeing quotes passed\"}");
			assertThat(switched.get("effectiveMode").asString()).isEqualTo("REVERSE_SHADOW");
			assertThat(switched.get("rollout").get("percentage").asDouble()).isEqualTo(100.0);
			JsonNode change = last(switched.get("history"));
			assertThat(change.get("to").asString()).isEqualTo("REVERSE_SHADOW");
			assertThat(change.get("forced").asBoolean()).isFalse();
			assertThat(change.path("measurements").isEmpty()).isTrue();
			assertThat(switched.get("readiness").get("target").asString()).isEqualTo("NEW");
			traffic.close();
			assertThat(traffic.failures()).isEmpty();
			assertThat(traffic.calls()).as("quotes sent").isGreaterThanOrEqualTo(50);
		}
		JsonNode afterAgreeing = this.http.get(MIGRATION).get("counters");
		assertThat(delta(counters, afterAgreeing, "comparisons", "mismatch")).as("the agreeing quotes").isZero();

		// REVERSE_SHADOW with quotes they disagree on: V2 serves, V1 is compared, the window fails NEW
		assertThat(this.http.get("/quotes?sku=BOOK&quantity=60").get("totalCents").asLong()).as("V2 serves")
			.isEqualTo(101949);
		try (SampleHttp.Traffic traffic = this.http.traffic(DISAGREEING)) {
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				JsonNode readiness = this.http.get(MIGRATION).get("readiness");
				assertThat(readiness.get("target").asString()).isEqualTo("NEW");
				assertThat(readiness.get("verdict").asString()).as("%s", readiness).isEqualTo("fail");
				assertThat(criterion(readiness, "discrepancy-rate").get("verdict").asString()).isEqualTo("fail");
			});

			HttpResponse<String> refused = this.http.send("POST", MIGRATION,
					"{\"mode\": \"NEW\", \"reason\": \"all on V2\"}");
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
			JsonNode refusal = AppHttp.json.readTree(refused.body());
			assertThat(refusal.get("error").asString()).contains("not ready for NEW", "discrepancy-rate fail");
			JsonNode discrepancyRate = criterion(refusal.get("readiness"), "discrepancy-rate");
			assertThat(discrepancyRate.get("verdict").asString()).isEqualTo("fail");
			assertThat(discrepancyRate.get("threshold").asDouble()).as("the default before NEW").isEqualTo(0.001);
			assertThat(discrepancyRate.get("measured").asDouble()).isGreaterThan(0.5);
			assertThat(criterion(refusal.get("readiness"), "min-calls").get("verdict").asString()).isEqualTo("pass");
			traffic.close();
			assertThat(traffic.failures()).as("callers see V2's answers, never an error").isEmpty();
		}
		JsonNode after = this.http.get(MIGRATION);
		assertThat(after.get("effectiveMode").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(last(after.get("history")).get("to").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(delta(afterAgreeing, after.get("counters"), "comparisons", "mismatch")).isPositive();
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
