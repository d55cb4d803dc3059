package io.github.phasedmigration.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AppHttp} to the sample on its port, plus quotes: a number of them, or traffic sent from a
 * thread of its own while a test watches the {@code migrations} endpoint, and the Prometheus scrape.
 */
final class SampleHttp {

	private final AppHttp http;

	SampleHttp(int port) {
		this.http = AppHttp.on(port);
	}

	/** Sends a request; a body is sent as JSON. */
	HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
		return this.http.send(method, path, body);
	}

	/** GET that must answer 200. */
	JsonNode get(String path) throws IOException, InterruptedException {
		return this.http.get(path);
	}

	/** POST that must answer 200. */
	JsonNode post(String path, String body) throws IOException, InterruptedException {
		return this.http.post(path, body);
	}

	/** The Prometheus scrape. */
	String scrape() throws IOException, InterruptedException {
		HttpResponse<String> response = send("GET", "/actuator/prometheus", null);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/**
	 * Quotes the given queries one after the other, each must answer 200.
	 * @param queries e.g. {@code sku=PEN&quantity=3}, used in turn
	 * @param calls how many
	 */
	void quote(List<String> queries, int calls) throws IOException, InterruptedException {
		for (int i = 0; i < calls; i++) {
			String path = "/quotes?" + queries.get(i % queries.size());
			HttpResponse<String> response = send("GET", path, null);
			assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		}
	}

	/** Starts quoting the given queries in turn on a thread of its own, until closed. */
	Traffic traffic(List<String> queries) {
		return new Traffic(queries);
	}

	/** Quotes sent in the background; a caller that gets anything but 200 is remembered. */
	final class Traffic implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong calls = new AtomicLong();

		private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

		private final Thread thread;

		private Traffic(List<String> queries) {
			this.thread = new Thread(() -> {
				for (int i = 0; this.running.get(); i++) {
					String path = "/quotes?" + queries.get(i % queries.size());
					try {
						HttpResponse<String> response = send("GET", path, null);
						if (response.statusCode() != 200) {
							this.failures.add(path + ": " + response.statusCode() + " " + response.body());
						}
					}
					catch (IOException ex) {
						this.failures.add(path + ": " + ex);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					this.calls.incrementAndGet();
				}
			}, "quote-traffic");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		/** Quotes answered so far. */
		long calls() {
			return this.calls.get();
		}

		/** The answers that were not 200, or the failures to get one. */
		List<String> failures() {
			synchronized (this.failures) {
				return List.copyOf(this.failures);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.thread.join(Duration.ofSeconds(15).toMillis());
		}

	}

}
