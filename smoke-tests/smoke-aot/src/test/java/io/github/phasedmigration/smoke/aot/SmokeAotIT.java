package io.github.phasedmigration.smoke.aot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the AOT-processed application from its jar and drives both migrations over HTTP: the
 * bean definitions that Spring AOT generated at build time must still create the starter's advisor,
 * proxy the annotated beans, journal a failed second write as JSON and replay it, serve the
 * Actuator endpoint, and check the migration keys of the configuration before any bean exists.
 */
class SmokeAotIT {

	/** What SIGTERM makes a JVM exit with once its shutdown hooks have run. */
	private static final int EXIT_ON_SIGTERM = 143;

	@Test
	void aotProcessedApplicationMigratesReadsAndWritesAndStopsCleanly() throws Exception {
		try (PackagedApplication app = PackagedApplication.start("aot-run")) {
			Http http = new Http(app.awaitPort());
			// the generated initializer replaced the annotation-driven configuration
			assertThat(app.output()).contains("Starting AOT-processed SmokeAotApplication");
			JsonNode all = http.getJson("/actuator/migrations").get("migrations");
			assertThat(all.get("price-catalog").get("effectiveMode").asString()).isEqualTo("OLD");
			assertThat(all.get("customer-store").get("effectiveMode").asString()).isEqualTo("SHADOW");

			shadowReadsAreCompared(http);
			failedSecondWriteIsJournaledAndReplayed(http);
			rollBackStopsTheSecondWrite(http);

			assertThat(app.terminate()).isEqualTo(EXIT_ON_SIGTERM);
			assertThat(app.output()).doesNotContain(" ERROR ").contains("Reconciliation journal: table");
		}
	}

	@Test
	void unknownMigrationKeyStillFailsStartUpUnderAot() throws Exception {
		try (PackagedApplication app = PackagedApplication.start("aot-unknown-key",
				"--migration.instances.price-catalog.mdoe=SHADOW")) {
			assertThat(app.awaitExit()).isNotZero();
			assertThat(app.output()).contains("Starting AOT-processed SmokeAotApplication")
				.contains("migration.instances.price-catalog.mdoe")
				.contains("is not a known key")
				// failed in a bean factory post-processor: before the web server was even created
				.doesNotContain("Tomcat initialized");
		}
	}

	@Test
	void jarCarriesTheGeneratedInitializerAndTheStartersHints() throws Exception {
		try (JarFile jar = new JarFile(Path.of(System.getProperty("smoke.jar")).toFile())) {
			assertThat(jar.getEntry(
					"BOOT-INF/classes/io/github/phasedmigration/smoke/aot/SmokeAotApplication__ApplicationContextInitializer.class"))
				.isNotNull();
			JsonNode metadata = JsonMapper.builder().build().readTree(jar.getInputStream(
					jar.getEntry("META-INF/native-image/io.github.phasedmigration/smoke-aot/reachability-metadata.json")));
			// from the starter's processor: new's method (no proxy of Spring's registers it), the journaled record
			assertThat(methods(metadata, NewPriceCatalog.class)).contains("price");
			assertThat(methods(metadata, Customer.class)).contains("id", "name");
			// from its registrar: the journal's table script, loaded at start-up
			assertThat(metadata.get("resources").findValuesAsString("glob"))
				.contains("io/github/phasedmigration/journal/jdbc/schema-*.sql");
		}
	}

	private static List<String> methods(JsonNode metadata, Class<?> type) {
		for (JsonNode entry : metadata.get("reflection")) {
			if (type.getName().equals(entry.path("type").asString())) {
				return entry.path("methods").findValuesAsString("name");
			}
		}
		throw new AssertionError("No reflection hint for " + type.getName());
	}

	private static void shadowReadsAreCompared(Http http) {
		assertThat(http.postJson("/actuator/migrations/price-catalog",
				"{\"mode\": \"SHADOW\", \"force\": true, \"reason\": \"smoke-aot\"}").statusCode()).isEqualTo(200);
		for (int i = 0; i < 5; i++) {
			assertThat(http.get("/prices/apple").body()).contains("\"cents\":500");
		}
		// new answers one cent more for these: old's answer is served, the difference is counted
		for (int i = 0; i < 2; i++) {
			assertThat(http.get("/prices/odd-pear").body()).contains("\"cents\":800");
		}
		await("comparisons of price-catalog").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode comparisons = http.getJson("/actuator/migrations/price-catalog").get("counters").get("comparisons");
			assertThat(comparisons.get("match").asLong()).isEqualTo(5);
			assertThat(comparisons.get("mismatch").asLong()).isEqualTo(2);
		});
	}

	private static void failedSecondWriteIsJournaledAndReplayed(Http http) {
		assertThat(http.put("/customers/c1", "Ada").statusCode()).isEqualTo(204);
		assertThat(http.get("/new-customers/c1").body()).isEqualTo("Ada");
		// the new table refuses the first try: the caller still succeeds, the journal replays it from JSON
		assertThat(http.put("/customers/c2", "flaky Bob").statusCode()).isEqualTo(204);
		await("replay of c2").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(http.get("/new-customers/c2").body()).isEqualTo("flaky Bob");
		});
		JsonNode journal = http.getJson("/actuator/migrations/customer-store").get("journal");
		assertThat(journal.get("durable").asBoolean()).isTrue();
	}

	private static void rollBackStopsTheSecondWrite(Http http) {
		assertThat(http.postJson("/actuator/migrations/customer-store", "{\"mode\": \"OLD\", \"reason\": \"smoke-aot\"}")
			.statusCode()).isEqualTo(200);
		assertThat(http.put("/customers/c3", "Cy").statusCode()).isEqualTo(204);
		assertThat(http.get("/new-customers/c3").statusCode()).isEqualTo(404);
	}

}
