package io.github.phasedmigration.smoke.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Real HTTP calls to the application under test on its random port, bodies as text.
 *
 * <pre class="code">
 * SmokeHttp http = SmokeHttp.on(port);
 * String price = http.get("/prices?sku=PEN&amp;quantity=3");
 * http.post("/actuator/migrations/pricing-v2", "{\"mode\": \"REVERSE_SHADOW\", \"force\": true}");
 * </pre>
 */
public final class SmokeHttp {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final String base;

	private SmokeHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public static SmokeHttp on(int port) {
		return new SmokeHttp(port);
	}

	/** Sends a request with these headers; a body is sent as JSON. */
	public HttpResponse<String> send(String method, String path, @Nullable String body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(TIMEOUT);
		headers.forEach(request::header);
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		try {
			return this.client.send(request.build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted: " + method + " " + path, ex);
		}
	}

	/** The status of a GET. */
	public int status(String path) {
		return send("GET", path, null, Map.of()).statusCode();
	}

	/** The body of a GET that must answer 200. */
	public String get(String path) {
		return ok("GET", path, null, Map.of());
	}

	/** The body of a GET with these headers that must answer 200. */
	public String get(String path, Map<String, String> headers) {
		return ok("GET", path, null, headers);
	}

	/** The body of a POST of JSON that must answer 200. */
	public String post(String path, String json) {
		return ok("POST", path, json, Map.of());
	}

	/** The body of a DELETE that must answer 200. */
	public String delete(String path) {
		return ok("DELETE", path, null, Map.of());
	}

	private String ok(String method, String path, @Nullable String body, Map<String, String> headers) {
		HttpResponse<String> response = send(method, path, body, headers);
		assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
		return response.body();
	}

}
