package io.github.phasedmigration.sample.crossdb;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees over HTTP when the new database is down in the profile cross-db: an order
 * placed meanwhile succeeds, its second write waits in the journal ({@code journal.pending} of
 * {@code /actuator/migrations/customer-source}, the {@code migrationJournal} health component, the
 * {@code migration_journal_entries_total} counter), and once PostgreSQL is back it is replayed and
 * the journal is empty again.
 */
class CrossDatabaseJournalHttpTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private CrossDatabases databases;

	private SampleInstance app;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeEach
	void start() {
		this.databases = CrossDatabases.of(realDatabases);
		this.app = SampleInstance.on(this.databases).named("http").start();
	}

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		if (this.databases != null) {
			this.databases.close();
		}
	}

	@Test
	void aWriteGoesThroughTheJournalWhileNewIsDown() throws Exception {
		assertThat(getJson("/actuator/migrations/customer-source").get("effectiveMode").asString()).isEqualTo("SHADOW");

		this.databases.proxy().refuse();
		HttpResponse<String> created = send("POST", "/orders", "{\"customerId\": 106, \"amountCents\": 500}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		long orderId = json.readTree(created.body()).get("orderId").asLong();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode journal = getJson("/actuator/migrations/customer-source").get("journal");
			assertThat(journal.get("durable").asBoolean()).isTrue();
			assertThat(journal.get("pending").asLong()).isEqualTo(1);
			assertThat(journal.get("parked").asLong()).isZero();
		});
		// Boot's db indicator covers both DataSources, so the application reports DOWN while new is;
		// the journal itself is fine, and says what waits in it
		HttpResponse<String> healthResponse = send("GET", "/actuator/health", null);
		assertThat(healthResponse.statusCode()).isEqualTo(503);
		JsonNode components = json.readTree(healthResponse.body()).get("components");
		assertThat(components.get("db").get("components").get("newDataSource").get("status").asString())
			.isEqualTo("DOWN");
		JsonNode journalHealth = components.get("migrationJournal");
		assertThat(journalHealth.get("status").asString()).isEqualTo("UP");
		assertThat(journalHealth.get("details").get("migrations").get("customer-source").get("pending").asLong())
			.isEqualTo(1);
		assertThat(send("GET", "/actuator/prometheus", null).body())
			.contains("migration_journal_entries_total{application=\"sample-app\",cause=\"failed\",migration=\"customer-source\"} 1.0");
		assertThat(this.databases.newAmount(orderId)).as("new while it is down").isEqualTo(-1);

		this.databases.proxy().accept();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					getJson("/actuator/migrations/customer-source").get("journal").get("pending").asLong())
				.isZero());
		assertThat(this.databases.newAmount(orderId)).as("new after the replay").isEqualTo(500);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(getJson("/actuator/health").get("status").asString()).isEqualTo("UP"));
		assertThat(send("GET", "/actuator/prometheus", null).body())
			.contains("migration_reconciliation_replays_total{application=\"sample-app\",migration=\"customer-source\",result=\"success\"} 1.0");
	}

	private JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = send("GET", path, null);
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.app.port() + path))
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
