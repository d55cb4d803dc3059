package io.github.phasedmigration.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample service over real HTTP: switching modes through the real Actuator endpoint, checking
 * which implementation served, the discrepancies found and the metrics Prometheus would scrape.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationHttpTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@AfterEach
	void dropOverrides() throws Exception {
		for (String name : List.of("customer-source", "pricing-v2")) {
			send("DELETE", "/actuator/migrations/" + name + "?reason=test%20cleanup", null);
		}
	}

	@Test
	void listsBothMigrationsWithTheirDeclaredModes() throws Exception {
		JsonNode migrations = getJson("/actuator/migrations").get("migrations");
		assertThat(migrations.get("customer-source").get("declaredMode").asString()).isEqualTo("OLD");
		assertThat(migrations.get("pricing-v2").get("declaredMode").asString()).isEqualTo("SHADOW");
		assertThat(migrations.get("customer-source").get("methods")).extracting(JsonNode::asString)
			.containsExactlyInAnyOrder("OrdersTableLedger.customersWithPendingPayments()", "OrdersTableLedger.isPending(long)",
					"OrdersTableLedger.markPaid(long)", "OrdersTableLedger.recordPending(long, long, long)");
	}

	@Test
	void customerSourceReadIsServedByTheImplementationOfEachMode() throws Exception {
		List<Long> expected = getJsonList("/customers/pending-payments");
		for (String mode : List.of("OLD", "SHADOW", "REVERSE_SHADOW", "NEW")) {
			switchMode("customer-source", mode);
			JsonNode before = counters("customer-source");
			assertThat(getJsonList("/customers/pending-payments")).as("customers in %s", mode).isEqualTo(expected);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				JsonNode after = counters("customer-source");
				long servedOld = delta(before, after, "served", "old");
				long servedNew = delta(before, after, "served", "new");
				long ranOld = delta(before, after, "calls", "old");
				long ranNew = delta(before, after, "calls", "new");
				switch (mode) {
					case "OLD" -> assertThat(List.of(servedOld, servedNew, ranOld, ranNew)).containsExactly(1L, 0L, 1L, 0L);
					case "SHADOW" -> assertThat(List.of(servedOld, servedNew, ranOld, ranNew)).containsExactly(1L, 0L, 1L, 1L);
					case "REVERSE_SHADOW" ->
						assertThat(List.of(servedOld, servedNew, ranOld, ranNew)).containsExactly(0L, 1L, 1L, 1L);
					default -> assertThat(List.of(servedOld, servedNew, ranOld, ranNew)).containsExactly(0L, 1L, 0L, 1L);
				}
				if (mode.contains("SHADOW")) {
					assertThat(delta(before, after, "comparisons", "match")).isEqualTo(1);
				}
			});
		}
	}

	@Test
	void shadowWritesKeepBothTablesInStepInOrder() throws Exception {
		switchMode("customer-source", "SHADOW");
		HttpResponse<String> created = send("POST", "/orders", "{\"customerId\": 901, \"amountCents\": 1250}");
		assertThat(created.statusCode()).isEqualTo(201);
		long orderId = json.readTree(created.body()).get("orderId").asLong();
		assertThat(paymentStatus(orderId)).isEqualTo("PENDING");
		assertThat(pendingPaymentRows(orderId)).isEqualTo(1);

		assertThat(send("POST", "/orders/" + orderId + "/payment", null).statusCode()).isEqualTo(204);
		assertThat(paymentStatus(orderId)).isEqualTo("PAID");
		assertThat(pendingPaymentRows(orderId)).isZero();

		// the authoritative write failed (no such order): the caller sees it, the other write is skipped
		JsonNode before = counters("customer-source");
		assertThat(send("POST", "/orders/999999/payment", null).statusCode()).isEqualTo(404);
		JsonNode after = counters("customer-source");
		assertThat(delta(before, after, "errors", "old")).isEqualTo(1);
		assertThat(delta(before, after, "calls", "new")).isZero();
	}

	@Test
	void changingAnAmountWritesBothTablesAgain() throws Exception {
		switchMode("customer-source", "SHADOW");
		long orderId = json.readTree(send("POST", "/orders", "{\"customerId\": 903, \"amountCents\": 800}").body())
			.get("orderId")
			.asLong();
		try {
			assertThat(send("PUT", "/orders/" + orderId + "/amount", "{\"amountCents\": 850}").statusCode())
				.isEqualTo(204);
			assertThat(amount("SELECT amount_cents FROM orders WHERE id = ?", orderId)).isEqualTo(850);
			assertThat(amount("SELECT amount_cents FROM pending_payments WHERE order_id = ?", orderId)).isEqualTo(850);
		}
		finally {
			send("POST", "/orders/" + orderId + "/payment", null);
		}
		assertThat(send("PUT", "/orders/" + orderId + "/amount", "{\"amountCents\": 900}").statusCode())
			.as("a paid order's amount").isEqualTo(409);
	}

	@Test
	void anUnpaidOrdersAmountCanBeChangedInEveryMode() throws Exception {
		for (String mode : List.of("OLD", "SHADOW", "REVERSE_SHADOW", "NEW")) {
			switchMode("customer-source", mode);
			long orderId = json.readTree(send("POST", "/orders", "{\"customerId\": 904, \"amountCents\": 300}").body())
				.get("orderId")
				.asLong();
			// in NEW the orders table's status is no longer written: the ledger (new) says whether it is unpaid
			assertThat(send("PUT", "/orders/" + orderId + "/amount", "{\"amountCents\": 310}").statusCode())
				.as("changing the amount in %s", mode)
				.isEqualTo(204);
			assertThat(send("POST", "/orders/" + orderId + "/payment", null).statusCode()).isEqualTo(204);
			assertThat(send("PUT", "/orders/" + orderId + "/amount", "{\"amountCents\": 320}").statusCode())
				.as("changing a paid order's amount in %s", mode)
				.isEqualTo(409);
		}
	}

	@Test
	void oldModeWritesOnlyTheOrdersTableSoShadowReadsShowTheGap() throws Exception {
		switchMode("customer-source", "OLD");
		long orderId = json.readTree(send("POST", "/orders", "{\"customerId\": 902, \"amountCents\": 700}").body())
			.get("orderId")
			.asLong();
		assertThat(pendingPaymentRows(orderId)).isZero();
		try {
			switchMode("customer-source", "SHADOW");
			JsonNode before = counters("customer-source");
			assertThat(getJsonList("/customers/pending-payments")).contains(902L);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(delta(before, counters("customer-source"), "discrepancies", "value"))
					.isEqualTo(1));
			JsonNode discrepancy = getJson("/actuator/migrations/customer-source").get("recentDiscrepancies").get(0);
			assertThat(discrepancy.get("differences").toString()).contains("902");
		}
		finally {
			// pay it, so that the other tests see both tables agree again
			send("POST", "/orders/" + orderId + "/payment", null);
		}
	}

	@Test
	void pricingV2ShowsRealDiscrepanciesInShadowWhileTheCallerGetsV1() throws Exception {
		JsonNode before = counters("pricing-v2");
		JsonNode small = getJson("/quotes?sku=PEN&quantity=3");
		JsonNode large = getJson("/quotes?sku=BOOK&quantity=60");
		assertThat(small.get("totalCents").asLong()).isEqualTo(447);
		assertThat(large.get("discountPercent").asInt()).as("V1 serves in SHADOW").isEqualTo(10);
		assertThat(large.get("totalCents").asLong()).isEqualTo(107946);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode after = counters("pricing-v2");
			assertThat(delta(before, after, "comparisons", "match")).isEqualTo(1);
			assertThat(delta(before, after, "comparisons", "mismatch")).isEqualTo(1);
		});
		JsonNode discrepancy = getJson("/actuator/migrations/pricing-v2").get("recentDiscrepancies").get(0);
		assertThat(discrepancy.get("category").asString()).isEqualTo("value");
		assertThat(discrepancy.get("arguments").asString()).isEqualTo("[BOOK, 60]");
		assertThat(discrepancy.get("oldResult").asString()).contains("totalCents=107946");
		assertThat(discrepancy.get("newResult").asString()).contains("totalCents=101949");
		assertThat(discrepancy.get("differences")).extracting(JsonNode::asString)
			.containsExactly(".discountPercent: 10 != 15", ".totalCents: 107946 != 101949");

		switchMode("pricing-v2", "NEW");
		assertThat(getJson("/quotes?sku=BOOK&quantity=60").get("totalCents").asLong()).isEqualTo(101949);
	}

	@Test
	void overrideIsRecordedAndResetReturnsToTheDeclaredMode() throws Exception {
		JsonNode switched = json.readTree(send("POST", "/actuator/migrations/pricing-v2",
				"{\"mode\": \"reverse-shadow\", \"force\": true, \"reason\": \"V2 looks good\"}")
			.body());
		assertThat(switched.get("overrideMode").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(switched.get("effectiveMode").asString()).isEqualTo("REVERSE_SHADOW");

		HttpResponse<String> reset = send("DELETE", "/actuator/migrations/pricing-v2?reason=rollback", null);
		assertThat(reset.statusCode()).isEqualTo(200);
		JsonNode detail = json.readTree(reset.body());
		assertThat(detail.get("effectiveMode").asString()).isEqualTo("SHADOW");
		assertThat(detail.has("overrideMode")).isFalse();
		JsonNode history = detail.get("history");
		JsonNode override = history.get(history.size() - 2);
		JsonNode rollback = history.get(history.size() - 1);
		assertThat(override.get("from").asString()).isEqualTo("SHADOW");
		assertThat(override.get("to").asString()).isEqualTo("REVERSE_SHADOW");
		assertThat(override.get("source").asString()).isEqualTo("actuator");
		assertThat(override.get("reason").asString()).isEqualTo("V2 looks good");
		assertThat(rollback.get("action").asString()).isEqualTo("reset");
		assertThat(rollback.get("to").asString()).isEqualTo("SHADOW");
		assertThat(rollback.get("reason").asString()).isEqualTo("rollback");
		assertThat(history.get(0).get("action").asString()).isEqualTo("start");
	}

	@Test
	void badRequestsGetClearAnswers() throws Exception {
		HttpResponse<String> unknown = send("GET", "/actuator/migrations/no-such-migration", null);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("No migration named 'no-such-migration'", "customer-source",
				"pricing-v2");

		HttpResponse<String> unknownSwitch = send("POST", "/actuator/migrations/no-such-migration",
				"{\"mode\": \"NEW\", \"force\": true}");
		assertThat(unknownSwitch.statusCode()).isEqualTo(404);

		HttpResponse<String> badMode = send("POST", "/actuator/migrations/pricing-v2", "{\"mode\": \"sideways\"}");
		assertThat(badMode.statusCode()).isEqualTo(400);
		assertThat(badMode.body()).contains("sideways", "OLD, SHADOW, REVERSE_SHADOW, NEW");

		HttpResponse<String> noMode = send("POST", "/actuator/migrations/pricing-v2", "{\"reason\": \"forgot\"}");
		assertThat(noMode.statusCode()).isEqualTo(400);
		assertThat(noMode.body()).contains("mode");

		assertThat(counters("pricing-v2")).isNotNull();
		assertThat(getJson("/actuator/migrations/pricing-v2").get("effectiveMode").asString()).isEqualTo("SHADOW");
	}

	@Test
	void prometheusScrapeHasTheContractMetrics() throws Exception {
		getJson("/quotes?sku=LAMP&quantity=2");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			String scrape = send("GET", "/actuator/prometheus", null).body();
			assertThat(scrape).contains(
					"migration_calls_seconds_bucket{application=\"sample-app\",impl=\"old\",migration=\"pricing-v2\",outcome=\"success\",role=\"primary\"",
					"migration_calls_seconds_count{application=\"sample-app\",impl=\"new\",migration=\"pricing-v2\",outcome=\"success\",role=\"secondary\"}",
					"migration_comparisons_total{application=\"sample-app\",migration=\"pricing-v2\",result=\"match\"}",
					"migration_comparisons_total{application=\"sample-app\",migration=\"pricing-v2\",result=\"timeout\"}",
					"migration_discrepancies_total{application=\"sample-app\",category=\"value\",migration=\"pricing-v2\"}",
					"migration_fallbacks_total{application=\"sample-app\",migration=\"pricing-v2\"}",
					"migration_mode{application=\"sample-app\",migration=\"pricing-v2\",mode=\"shadow\"} 1.0",
					"migration_mode{application=\"sample-app\",migration=\"pricing-v2\",mode=\"old\"} 0.0",
					"migration_reconciliation_pending{application=\"sample-app\",migration=\"customer-source\"} 0.0");
		});
	}

	private void switchMode(String migration, String mode) throws Exception {
		HttpResponse<String> response = send("POST", "/actuator/migrations/" + migration,
				"{\"mode\": \"" + mode + "\", \"force\": true, \"reason\": \"test\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("effectiveMode").asString()).isEqualTo(mode);
	}

	private JsonNode counters(String migration) throws Exception {
		return getJson("/actuator/migrations/" + migration).get("counters");
	}

	private static long delta(JsonNode before, JsonNode after, String group, String key) {
		return after.get(group).get(key).asLong() - before.get(group).get(key).asLong();
	}

	private String paymentStatus(long orderId) {
		return this.jdbc.sql("SELECT payment_status FROM orders WHERE id = ?").param(orderId).query(String.class).single();
	}

	private long amount(String query, long orderId) {
		return this.jdbc.sql(query).param(orderId).query(Long.class).single();
	}

	private int pendingPaymentRows(long orderId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM pending_payments WHERE order_id = ?")
			.param(orderId)
			.query(Integer.class)
			.single();
	}

	private JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = send("GET", path, null);
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private List<Long> getJsonList(String path) throws Exception {
		List<Long> values = new ArrayList<>();
		getJson(path).forEach((node) -> values.add(node.asLong()));
		return values;
	}

	private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
