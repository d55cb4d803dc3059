package io.github.phasedmigration.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A closed-loop HTTP load run against the running sample app: for each mode, it switches the
 * migration through the Actuator endpoint, warms up, then has {@code connections} callers send
 * requests back to back for {@code duration}, recording every latency in an HdrHistogram. Writes
 * requests per second, p50, p99 and errors per mode, and the secondaries the pool rejected, as JSON.
 *
 * <p>Closed loop: a caller waits for its answer before sending the next request, so when the
 * server slows down the offered load drops with it (coordinated omission). The ratios between
 * modes are what matters here, measured the same way for each.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.phasedmigration.benchmarks.load.LoadRun http://127.0.0.1:18080 pricing-v2 \
 *     '/quotes?sku=BOOK&amp;quantity=3' OLD,SHADOW,REVERSE_SHADOW 16 10 20 results/load.json
 * </pre>
 */
public final class LoadRun {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newFixedThreadPool(4))
		.build();

	private final String baseUrl;

	private LoadRun(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 8) {
			System.err.println("usage: LoadRun <base-url> <migration> <path> <modes,comma,separated> <connections> "
					+ "<warmup-seconds> <measure-seconds> <output.json>");
			System.exit(2);
		}
		LoadRun run = new LoadRun(args[0]);
		String migration = args[1];
		String path = args[2];
		int connections = Integer.parseInt(args[4]);
		Duration warmup = Duration.ofSeconds(Long.parseLong(args[5]));
		Duration measure = Duration.ofSeconds(Long.parseLong(args[6]));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("migration", migration);
		result.put("path", path);
		result.put("connections", connections);
		result.put("warmupSeconds", warmup.toSeconds());
		result.put("measureSeconds", measure.toSeconds());
		Map<String, Object> modes = new LinkedHashMap<>();
		for (String mode : args[3].split(",")) {
			run.switchMode(migration, mode);
			run.load(path, connections, warmup);
			long rejectedBefore = run.rejected(migration);
			Map<String, Object> measured = run.load(path, connections, measure);
			measured.put("rejectedSecondaries", run.rejected(migration) - rejectedBefore);
			modes.put(mode, measured);
			System.out.printf("%-15s %s%n", mode, measured);
		}
		run.reset(migration);
		result.put("modes", modes);
		Path output = Path.of(args[7]);
		Files.createDirectories(output.toAbsolutePath().getParent());
		json.writerWithDefaultPrettyPrinter().writeValue(output.toFile(), result);
		System.exit(0);
	}

	private Map<String, Object> load(String path, int connections, Duration duration) throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(connections);
		long deadline = System.nanoTime() + duration.toNanos();
		AtomicLong errors = new AtomicLong();
		List<Future<Histogram>> results = new ArrayList<>();
		URI uri = URI.create(this.baseUrl + path);
		long start = System.nanoTime();
		for (int i = 0; i < connections; i++) {
			results.add(callers.submit(() -> {
				Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
				HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
				while (System.nanoTime() < deadline) {
					long sent = System.nanoTime();
					try {
						HttpResponse<Void> response = this.http.send(request, BodyHandlers.discarding());
						if (response.statusCode() != 200) {
							errors.incrementAndGet();
						}
					}
					catch (IOException ex) {
						errors.incrementAndGet();
					}
					histogram.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent),
							histogram.getHighestTrackableValue()));
				}
				return histogram;
			}));
		}
		Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
		for (Future<Histogram> result : results) {
			all.add(result.get());
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		callers.shutdown();
		Map<String, Object> measured = new LinkedHashMap<>();
		measured.put("requests", all.getTotalCount());
		measured.put("errors", errors.get());
		measured.put("requestsPerSecond", Math.round(all.getTotalCount() / seconds * 10) / 10.0);
		measured.put("p50Micros", all.getValueAtPercentile(50));
		measured.put("p99Micros", all.getValueAtPercentile(99));
		measured.put("maxMicros", all.getMaxValue());
		return measured;
	}

	private void switchMode(String migration, String mode) throws Exception {
		HttpResponse<String> response = send("POST", "/actuator/migrations/" + migration,
				"{\"mode\": \"" + mode + "\", \"force\": true, \"reason\": \"load run\"}");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Switching " + migration + " to " + mode + " answered "
					+ response.statusCode() + ": " + response.body());
		}
	}

	private void reset(String migration) throws Exception {
		send("DELETE", "/actuator/migrations/" + migration + "?reason=load%20run%20done", null);
	}

	private long rejected(String migration) throws Exception {
		JsonNode detail = json.readTree(send("GET", "/actuator/migrations/" + migration, null).body());
		return detail.get("counters").get("comparisons").get("rejected").asLong();
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
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
