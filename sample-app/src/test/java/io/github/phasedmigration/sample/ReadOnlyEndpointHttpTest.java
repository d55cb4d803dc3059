package io.github.phasedmigration.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.registry.MigrationRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code management.endpoint.migrations.access=read-only}, the endpoint shows but cannot switch. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoint.migrations.access=read-only",
				"spring.datasource.url=jdbc:h2:mem:read-only;DB_CLOSE_DELAY=-1" })
class ReadOnlyEndpointHttpTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MigrationRegistry registry;

	@Test
	void readsWorkAndSwitchesAreRefused() throws Exception {
		URI migration = URI.create("http://localhost:" + this.port + "/actuator/migrations/pricing-v2");

		assertThat(this.http.send(HttpRequest.newBuilder(migration).GET().build(), BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		int post = this.http.send(HttpRequest.newBuilder(migration)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"mode\": \"NEW\"}"))
			.build(), BodyHandlers.ofString()).statusCode();
		int delete = this.http.send(HttpRequest.newBuilder(migration).DELETE().build(), BodyHandlers.ofString())
			.statusCode();

		assertThat(post).isEqualTo(405);
		assertThat(delete).isEqualTo(405);
		assertThat(this.registry.find("pricing-v2").orElseThrow().effectiveMode()).isEqualTo(MigrationMode.SHADOW);
	}

}
