package io.github.phasedmigration.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP calls to one instance of the sample, in-process or a
 * {@link io.github.phasedmigration.sample.crossdb.SampleProcess}: the order API and the Actuator
 * endpoint, JSON in and out.
 *
 * <pre class="code">
 * AppHttp http = AppHttp.on(app.port());
 * http.post("/actuator/migrations/customer-source/verify", "{\"action\": \"start\"}");
 * JsonNode report = http.get("/actuator/migrations/customer-source/verify");
 * </pre>
 */
public final class AppHttp {

	public static final JsonMapper json = JsonMapper.builder().build();

	// a second write stalled on the new side holds its caller up to the JDBC socket time-out (10 s)
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private AppHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public static AppHttp on(int port) {
		return new AppHttp(port);
	}

	/** Sends a request; a body is sent as JSON. Throws what the connection throws, e.g. when the process is gone. */
	public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(REQUEST_TIMEOUT);
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		return this.client.send(request.build(), BodyHandlers.ofString());
	}

	/** GET that must answer 200. */
	public JsonNode get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = send("GET", path, null);
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	/** POST that must answer 200. */
	public JsonNode post(String path, String body) throws IOException, InterruptedException {
		HttpResponse<String> response = send("POST", path, body);
		assertThat(response.statusCode()).as("POST %s %s: %s", path, body, response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

}
