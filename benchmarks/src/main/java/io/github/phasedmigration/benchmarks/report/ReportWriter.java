package io.github.phasedmigration.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one run's raw results (JMH JSON, load run JSON, memory check JSON, run facts) into the
 * tables of the benchmark report, and writes them into the README between two markers. Every
 * number in the report comes from here: none is typed by hand.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.phasedmigration.benchmarks.report.ReportWriter results README.md
 * </pre>
 */
public final class ReportWriter {

	static final String START = "<!-- results:start (written by run.sh; do not edit by hand) -->";

	static final String END = "<!-- results:end -->";

	private static final String JMH_PACKAGE = "io.github.phasedmigration.benchmarks.jmh.";

	private final Map<String, JsonNode> jmh = new LinkedHashMap<>();

	private final StringBuilder out = new StringBuilder();

	public static void main(String[] args) throws IOException {
		Path results = Path.of(args[0]);
		Path readme = Path.of(args[1]);
		String tables = new ReportWriter().write(results);
		Files.writeString(results.resolve("RESULTS.md"), tables);
		String text = Files.readString(readme);
		int start = text.indexOf(START);
		int end = text.indexOf(END);
		if (start < 0 || end < start) {
			throw new IllegalStateException(readme + " has no results markers");
		}
		Files.writeString(readme, text.substring(0, start + START.length()) + "\n" + tables + text.substring(end));
		System.out.println("Report written to " + readme + " and " + results.resolve("RESULTS.md"));
	}

	String write(Path results) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		for (JsonNode benchmark : json.readTree(results.resolve("jmh.json").toFile())) {
			this.jmh.put(benchmark.get("benchmark").asString().replace(JMH_PACKAGE, ""), benchmark);
		}
		Properties run = new Properties();
		try (var reader = Files.newBufferedReader(results.resolve("run.properties"))) {
			run.load(reader);
		}
		runFacts(run);
		overhead();
		latency();
		peers(results);
		load(json.readTree(results.resolve("load.json").toFile()));
		memory(json.readTree(results.resolve("memory.json").toFile()));
		return this.out.toString();
	}

	private void runFacts(Properties run) {
		line("Run of " + run.getProperty("date") + ", commit `" + run.getProperty("commit") + "`, on "
				+ run.getProperty("machine") + ".");
		line("");
		line("JVM: " + run.getProperty("java") + ". JMH: `" + run.getProperty("jmhArgs") + "`. Load run: "
				+ run.getProperty("loadArgs") + ".");
		line("");
	}

	private void overhead() {
		line("### Cost of the machinery (trivial implementations, average time per call)");
		line("");
		line("| case | ns/op | ± (99.9%) | ratio to the empty aspect |");
		line("|---|---:|---:|---:|");
		double aspect = score("OverheadBenchmark.emptyAspect");
		for (String name : List.of("direct", "emptyAspect", "phasedOld", "phasedOldWithoutMetrics", "phasedShadow",
				"phasedReverseShadow", "phasedNew")) {
			JsonNode metric = metric("OverheadBenchmark." + name);
			if (metric == null) {
				continue;
			}
			line("| `" + name + "` | " + number(metric.get("score").asDouble()) + " | "
					+ number(metric.get("scoreError").asDouble()) + " | "
					+ ratio(metric.get("score").asDouble(), aspect) + " |");
		}
		line("");
		line("Target: OLD within 1.5x of the empty aspect: " + verdict(score("OverheadBenchmark.phasedOld") / aspect, 1.5)
				+ " with metrics, " + verdict(score("OverheadBenchmark.phasedOldWithoutMetrics") / aspect, 1.5)
				+ " without (the difference is the per-call timer: two clock reads and a histogram update). "
				+ "SHADOW and REVERSE_SHADOW also pay for handing the secondary to the pool (and, in a saturating "
				+ "loop, for the rejections that follow).");
		line("");
	}

	private void latency() {
		line("### Caller latency with I/O-bound implementations (old parks ~1 ms, new ~2 ms)");
		line("");
		line("| case | p50 µs | p99 µs | p50 ratio to OLD | p99 ratio to OLD |");
		line("|---|---:|---:|---:|---:|");
		double p50 = percentile("LatencyBenchmark.phasedOld", "50.0");
		double p99 = percentile("LatencyBenchmark.phasedOld", "99.0");
		for (String name : List.of("directOld", "phasedOld", "phasedShadow", "phasedReverseShadow", "phasedNew")) {
			latencyRow(name, p50, p99);
		}
		line("");
		line("Target: SHADOW p50 within 5% of OLD: "
				+ verdict(percentile("LatencyBenchmark.phasedShadow", "50.0") / p50, 1.05) + ".");
		line("");
	}

	private void peers(Path results) throws IOException {
		line("### Against the peers, doing the same job (same JMH run, same JVM settings)");
		line("");
		line("Old authoritative, new run and compared (our SHADOW):");
		line("");
		peerTable("phasedShadow",
				List.of("scientistShadow", "scientistAsyncShadow", "shadowToolShadow", "launchDarklyShadow"));
		line("New serving, old run and compared (our REVERSE_SHADOW):");
		line("");
		peerTable("phasedReverseShadow", List.of("scientistServeNew", "scientistAsyncServeNew", "shadowToolServeNew",
				"launchDarklyServeNew"));
		Path notes = results.getParent().resolve("PEERS-NOTES.md");
		if (Files.exists(notes)) {
			// the notes' headings sit below this section's
			line(Files.readString(notes).trim().replaceAll("(?m)^#", "###"));
			line("");
		}
	}

	private void peerTable(String ours, List<String> peers) {
		double oursP50 = percentile("LatencyBenchmark." + ours, "50.0");
		double oursP99 = percentile("LatencyBenchmark." + ours, "99.0");
		line("| case | p50 µs | p99 µs | ours / peer, p50 | ours / peer, p99 |");
		line("|---|---:|---:|---:|---:|");
		line("| `" + ours + "` (ours) | " + number(oursP50) + " | " + number(oursP99) + " | 1.00 | 1.00 |");
		for (String peer : peers) {
			String key = "LatencyBenchmark." + peer;
			if (metric(key) == null) {
				line("| `" + peer + "` | not run | | | |");
				continue;
			}
			double peerP50 = percentile(key, "50.0");
			double peerP99 = percentile(key, "99.0");
			line("| `" + peer + "` | " + number(peerP50) + " | " + number(peerP99) + " | " + ratio(oursP50, peerP50)
					+ " | " + ratio(oursP99, peerP99) + " |");
		}
		line("");
	}

	private void latencyRow(String name, double baseP50, double baseP99) {
		String key = "LatencyBenchmark." + name;
		if (metric(key) == null) {
			return;
		}
		double p50 = percentile(key, "50.0");
		double p99 = percentile(key, "99.0");
		line("| `" + name + "` | " + number(p50) + " | " + number(p99) + " | " + ratio(p50, baseP50) + " | "
				+ ratio(p99, baseP99) + " |");
	}

	private void load(JsonNode load) {
		line("### Load run of the sample app over HTTP (" + load.get("path").asString() + ", "
				+ load.get("connections").asInt() + " connections, closed loop, " + load.get("measureSeconds").asInt()
				+ " s per mode)");
		line("");
		line("| mode | requests/s | p50 µs | p99 µs | errors | rejected secondaries | requests/s vs OLD | p99 vs OLD |");
		line("|---|---:|---:|---:|---:|---:|---:|---:|");
		JsonNode modes = load.get("modes");
		JsonNode old = modes.get("OLD");
		for (var entry : modes.properties()) {
			JsonNode mode = entry.getValue();
			line("| " + entry.getKey() + " | " + number(mode.get("requestsPerSecond").asDouble()) + " | "
					+ mode.get("p50Micros").asLong() + " | " + mode.get("p99Micros").asLong() + " | "
					+ mode.get("errors").asLong() + " | " + mode.get("rejectedSecondaries").asLong() + " | "
					+ ratio(mode.get("requestsPerSecond").asDouble(), old.get("requestsPerSecond").asDouble()) + " | "
					+ ratio(mode.get("p99Micros").asDouble(), old.get("p99Micros").asDouble()) + " |");
		}
		line("");
	}

	private void memory(JsonNode memory) {
		JsonNode discrepancies = memory.get("discrepancies");
		JsonNode hanging = memory.get("hangingSecondary");
		line("### Memory and threads");
		line("");
		line("| check | result |");
		line("|---|---|");
		line("| discrepancies recorded | " + discrepancies.get("discrepancies").asLong() + " |");
		line("| samples kept in the ring | " + discrepancies.get("keptSamples").asLong() + " |");
		line("| used heap after full GC, before / after | " + mib(discrepancies.get("usedHeapBeforeBytes").asLong())
				+ " / " + mib(discrepancies.get("usedHeapAfterBytes").asLong()) + " |");
		line("| heap growth over one million discrepancies | "
				+ mib(discrepancies.get("retainedGrowthBytes").asLong()) + " |");
		line("| calls whose secondary hangs for good (ignoring interrupts) | " + hanging.get("calls").asLong() + " |");
		line("| threads before / at peak (pool of " + hanging.get("poolThreads").asInt() + ") | "
				+ hanging.get("threadsBefore").asInt() + " / " + hanging.get("peakThreads").asInt() + " |");
		line("| secondaries timed out / rejected | " + hanging.get("timeouts").asLong() + " / "
				+ hanging.get("rejected").asLong() + " |");
		line("| slowest caller | " + hanging.get("slowestCallerMicros").asLong() + " µs |");
		line("");
	}

	private JsonNode metric(String name) {
		JsonNode benchmark = this.jmh.get(name);
		return (benchmark != null) ? benchmark.get("primaryMetric") : null;
	}

	private double score(String name) {
		JsonNode metric = metric(name);
		return (metric != null) ? metric.get("score").asDouble() : Double.NaN;
	}

	private double percentile(String name, String percentile) {
		JsonNode metric = metric(name);
		return (metric != null) ? metric.get("scorePercentiles").get(percentile).asDouble() : Double.NaN;
	}

	private static String number(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, (value >= 100) ? "%.0f" : "%.1f", value);
	}

	private static String ratio(double value, double base) {
		if (Double.isNaN(value) || Double.isNaN(base) || base == 0) {
			return "n/a";
		}
		return String.format(Locale.ROOT, "%.2f", value / base);
	}

	private static String verdict(double ratio, double limit) {
		if (Double.isNaN(ratio)) {
			return "not measured";
		}
		return String.format(Locale.ROOT, "%.2fx, %s", ratio, (ratio <= limit) ? "met" : "missed");
	}

	private static String mib(long bytes) {
		return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
	}

	private void line(String text) {
		this.out.append(text).append('\n');
	}

}
