package io.github.phasedmigration.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customers of the sample app over real HTTP, at a steady pace, until stopped: quotes of all
 * sizes (large ones are where pricing V2 differs), reads of the customers with pending payments,
 * orders placed, changed and paid. Every answer that is not a 2xx is kept: the migration must
 * never hurt a caller, whatever fails behind it.
 */
final class SampleTraffic implements AutoCloseable {

	private static final List<String> SKUS = List.of("BOOK", "PEN", "LAMP", "DESK");

	private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*(\\d+)");

	private final URI base;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ExecutorService customers;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	/**
	 * Starts the customers.
	 * @param threads how many customers at once
	 * @param iterationsPerSecond how often each one comes back
	 */
	SampleTraffic(URI base, int threads, int iterationsPerSecond) {
		this.base = base;
		this.customers = Executors.newFixedThreadPool(threads);
		long period = TimeUnit.SECONDS.toNanos(1) / iterationsPerSecond;
		for (int i = 0; i < threads; i++) {
			this.customers.execute(() -> run(period));
		}
	}

	/** Requests answered so far, by endpoint. */
	Map<String, Long> calls() {
		Map<String, Long> calls = new java.util.TreeMap<>();
		this.calls.forEach((endpoint, count) -> calls.put(endpoint, count.sum()));
		return calls;
	}

	/** Answers that were not a 2xx, and requests that got no answer. */
	List<String> failures() {
		return List.copyOf(this.failures);
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.customers.shutdown();
		if (!this.customers.awaitTermination(30, TimeUnit.SECONDS)) {
			this.customers.shutdownNow();
		}
	}

	private void run(long period) {
		long next = System.nanoTime();
		for (long iteration = 0; this.running.get(); iteration++) {
			try {
				visit(iteration);
			}
			catch (IOException | RuntimeException ex) {
				// a customer who stopped would quietly thin the traffic: every failure is kept
				this.failures.add(ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			next += period;
			LockSupport.parkNanos(next - System.nanoTime());
		}
	}

	private void visit(long iteration) throws IOException, InterruptedException {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String sku = SKUS.get(random.nextInt(SKUS.size()));
		double size = random.nextDouble();
		int quantity = (size < 0.6) ? random.nextInt(1, 10) : (size < 0.85) ? random.nextInt(10, 50) : random.nextInt(50, 121);
		send("GET /quotes", HttpRequest.newBuilder(uri("/quotes?sku=" + sku + "&quantity=" + quantity)).GET());
		if (iteration % 3 == 0) {
			send("GET /customers/pending-payments",
					HttpRequest.newBuilder(uri("/customers/pending-payments")).GET());
		}
		if (iteration % 4 == 0) {
			String created = send("POST /orders", json("/orders", "POST", "{\"customerId\": "
					+ random.nextInt(100, 200) + ", \"amountCents\": " + random.nextInt(100, 100_000) + "}"));
			Matcher id = ORDER_ID.matcher(created);
			if (id.find()) {
				String order = "/orders/" + id.group(1);
				if (random.nextBoolean()) {
					send("PUT /orders/{id}/amount",
							json(order + "/amount", "PUT", "{\"amountCents\": " + random.nextInt(100, 100_000) + "}"));
				}
				if (random.nextBoolean()) {
					send("POST /orders/{id}/payment", json(order + "/payment", "POST", ""));
				}
			}
		}
	}

	private HttpRequest.Builder json(String path, String method, String body) {
		return HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body));
	}

	private String send(String endpoint, HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
		this.calls.computeIfAbsent(endpoint, (key) -> new LongAdder()).increment();
		if (response.statusCode() / 100 != 2) {
			this.failures.add(endpoint + " -> " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	private URI uri(String path) {
		return this.base.resolve(path);
	}

}
