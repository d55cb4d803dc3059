package io.github.phasedmigration.observability;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The parts of Prometheus' HTTP API that the check reads. Every error answer is an exception. */
final class PrometheusApi {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final URI base;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	PrometheusApi(URI base) {
		this.base = base;
	}

	URI base() {
		return this.base;
	}

	boolean ready() {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(this.base.resolve("/-/ready")).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** An instant query at a time. */
	List<Series> query(String expr, Instant time) {
		JsonNode data = post("/api/v1/query", Map.of("query", expr, "time", seconds(time)));
		List<Series> series = new ArrayList<>();
		if ("scalar".equals(data.get("resultType").asString())) {
			series.add(new Series(Map.of(), List.of(sample(data.get("result")))));
			return series;
		}
		for (JsonNode result : data.get("result")) {
			series.add(new Series(labels(result.get("metric")), List.of(sample(result.get("value")))));
		}
		return series;
	}

	/** A range query: each series with its points. */
	List<Series> queryRange(String expr, Instant start, Instant end, Duration step) {
		JsonNode data = post("/api/v1/query_range", Map.of("query", expr, "start", seconds(start), "end",
				seconds(end), "step", Double.toString(step.toMillis() / 1000.0)));
		List<Series> series = new ArrayList<>();
		for (JsonNode result : data.get("result")) {
			List<Point> points = new ArrayList<>();
			for (JsonNode value : result.get("values")) {
				points.add(sample(value));
			}
			series.add(new Series(labels(result.get("metric")), points));
		}
		return series;
	}

	/** Values of a label on the series that match a selector, as Grafana's label_values() asks them. */
	List<String> labelValues(String label, String match, Instant start, Instant end) {
		String query = "match[]=" + encode(match) + "&start=" + seconds(start) + "&end=" + seconds(end);
		JsonNode data = get("/api/v1/label/" + label + "/values?" + query);
		List<String> values = new ArrayList<>();
		data.forEach((value) -> values.add(value.asString()));
		return values;
	}

	/** Active alerts by name and labels, with their state (pending or firing). */
	List<Alert> alerts() {
		List<Alert> alerts = new ArrayList<>();
		for (JsonNode alert : get("/api/v1/alerts").get("alerts")) {
			alerts.add(new Alert(labels(alert.get("labels")), alert.get("state").asString()));
		}
		return alerts;
	}

	/** Every loaded rule with its health (ok, err, unknown) and last evaluation error. */
	List<RuleHealth> rules() {
		List<RuleHealth> rules = new ArrayList<>();
		for (JsonNode group : get("/api/v1/rules").get("groups")) {
			for (JsonNode rule : group.get("rules")) {
				JsonNode error = rule.get("lastError");
				rules.add(new RuleHealth(rule.get("name").asString(), rule.get("health").asString(),
						(error != null) ? error.asString() : ""));
			}
		}
		return rules;
	}

	/** Scrape targets whose last scrape succeeded. */
	long targetsUp() {
		long up = 0;
		for (JsonNode target : get("/api/v1/targets").get("activeTargets")) {
			if ("up".equals(target.get("health").asString())) {
				up++;
			}
		}
		return up;
	}

	private JsonNode get(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).GET(), path);
	}

	private JsonNode post(String path, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)), path + " " + form);
	}

	private JsonNode send(HttpRequest.Builder request, String what) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode answer = json.readTree(response.body());
			if (!"success".equals(answer.path("status").asString())) {
				throw new PromQlError(what + " -> HTTP " + response.statusCode() + ": "
						+ answer.path("errorType").asString() + ": " + answer.path("error").asString());
			}
			return answer.get("data");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Prometheus did not answer " + what, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while asking Prometheus " + what, ex);
		}
	}

	private static Map<String, String> labels(JsonNode metric) {
		Map<String, String> labels = new LinkedHashMap<>();
		metric.properties().forEach((entry) -> labels.put(entry.getKey(), entry.getValue().asString()));
		return labels;
	}

	private static Point sample(JsonNode pair) {
		Instant time = Instant.ofEpochMilli(Math.round(pair.get(0).asDouble() * 1000));
		String value = pair.get(1).asString();
		double number = switch (value) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			case "NaN" -> Double.NaN;
			default -> Double.parseDouble(value);
		};
		return new Point(time, number);
	}

	private static String seconds(Instant time) {
		return Double.toString(time.toEpochMilli() / 1000.0);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** A series: its labels and its points (one for an instant query). */
	record Series(Map<String, String> labels, List<Point> points) {

		boolean hasNonZeroPoint() {
			return this.points.stream().anyMatch((point) -> !Double.isNaN(point.value()) && point.value() != 0);
		}

	}

	/** One value of a series. */
	record Point(Instant time, double value) {
	}

	/** An active alert. */
	record Alert(Map<String, String> labels, String state) {

		String name() {
			return this.labels.get("alertname");
		}

	}

	/** A rule as Prometheus evaluates it. */
	record RuleHealth(String name, String health, String lastError) {
	}

	/** Prometheus refused a query or request: a PromQL error, a bad parameter. */
	static final class PromQlError extends RuntimeException {

		PromQlError(String message) {
			super(message);
		}

	}

}
