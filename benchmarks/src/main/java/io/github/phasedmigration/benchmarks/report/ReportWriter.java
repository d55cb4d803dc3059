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
 * Turns one run's raw results (JMH JSON, load run JSON, memory check JSON, replay run JSON, backfill
 * run JSON, run facts) into the tables of the benchmark report, and writes them into the README between two
 * markers. Every number in the report comes from here: none is typed by hand.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.phasedmigration.benchmarks.report.ReportWriter results README.md
 * </pre>
 */
public final class ReportWriter {

	static final String START = "<!-- results:start (written by run.sh; do not edit by hand) -->";

	static final String END = "<!-- results:end -->";

	private static final String JMH_PACKAGE = "io.github.phasedmigration.benchmarks.jmh.";

	/** JMH results of the journal part when it ran on its own; they replace those of {@code jmh.json}. */
	static final String JOURNAL_JMH = "jmh-journal.json";

	/** JMH results of the overhead part when it ran on its own; they replace those of {@code jmh.json}. */
	static final String OVERHEAD_JMH = "jmh-overhead.json";

	/** JMH results of the reactive part when it ran on its own; they replace those of {@code jmh.json}. */
	static final String REACTIVE_JMH = "jmh-reactive.json";

	/** JMH results of the shortcuts part when it ran on its own; they replace those of {@code jmh.json}. */
	static final String SHORTCUTS_JMH = "jmh-shortcuts.json";

	/**
	 * A hand-written shortcut stays only when it saves more than this share of the call it sits on
	 * (issue 15), and more than the two cases' errors together.
	 */
	static final double SHORTCUT_MARGIN = 0.05;

	/** Results of the backfill part ({@code run.sh backfill}), which runs on its own. */
	static final String BACKFILL = "backfill.json";

	/** The copies of the backfill run, in its order, with what each one is. */
	private static final String[][] BACKFILL_COPIES = {
			{ "handWritten", "by hand, plain `INSERT` (the limit)" },
			{ "handWrittenInsertMissing", "by hand, `INSERT ... ON CONFLICT DO NOTHING` (the backfill's statement)" },
			{ "backfill", "**the starter's backfill** (`JdbcBackfillTable`, `JdbcCheckpointStore`)" },
			{ "backfillInMemoryCheckpoints", "the same, checkpoints in memory" },
			{ "backfillPrefilteredInsert", "the backfill, proposed write to new (existing keys first, plain `INSERT`)" },
			{ "backfillPrefilteredInsertAsyncCheckpoints",
					"the same, checkpoints committed without waiting for the WAL flush" } };

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
		readJmh(json, results.resolve("jmh.json"));
		// the journal part run on its own (run.sh journal): its results replace the full run's
		readJmh(json, results.resolve(JOURNAL_JMH));
		// the overhead part run on its own (run.sh overhead): its results replace the full run's
		readJmh(json, results.resolve(OVERHEAD_JMH));
		// the reactive part run on its own (run.sh reactive): its results replace the full run's
		readJmh(json, results.resolve(REACTIVE_JMH));
		// the shortcuts part run on its own (run.sh shortcuts): its results replace the full run's
		readJmh(json, results.resolve(SHORTCUTS_JMH));
		Properties run = new Properties();
		try (var reader = Files.newBufferedReader(results.resolve("run.properties"))) {
			run.load(reader);
		}
		runFacts(run);
		overhead(run);
		latency();
		reactiveLatency(run);
		peers(results);
		load(json.readTree(results.resolve("load.json").toFile()));
		memory(json.readTree(results.resolve("memory.json").toFile()));
		Path replay = results.resolve("replay.json");
		journal(run, Files.exists(replay) ? json.readTree(replay.toFile()) : null);
		Path backfill = results.resolve(BACKFILL);
		JsonNode backfillRun = Files.exists(backfill) ? json.readTree(backfill.toFile()) : null;
		backfill(backfillRun);
		shortcuts(run, backfillRun);
		return this.out.toString();
	}

	private void readJmh(JsonMapper json, Path file) {
		if (!Files.exists(file)) {
			return;
		}
		for (JsonNode benchmark : json.readTree(file.toFile())) {
			// a case with @Param values is named with them: KeyExpressionBenchmark.shortcut[#order.id]
			StringBuilder name = new StringBuilder(benchmark.get("benchmark").asString().replace(JMH_PACKAGE, ""));
			JsonNode params = benchmark.get("params");
			if (params != null && !params.isEmpty()) {
				name.append('[');
				params.properties().forEach((param) -> name.append(param.getValue().asString()).append(','));
				name.setCharAt(name.length() - 1, ']');
			}
			this.jmh.put(name.toString(), benchmark);
		}
	}

	private void runFacts(Properties run) {
		line("Run of " + run.getProperty("date") + ", commit `" + run.getProperty("commit") + "`, on "
				+ run.getProperty("machine") + ".");
		line("");
		line("JVM: " + run.getProperty("java") + ". JMH: `" + run.getProperty("jmhArgs") + "`. Load run: "
				+ run.getProperty("loadArgs") + ".");
		line("");
	}

	/** Says when a part that can run on its own ({@code run.sh <part>}) last did, if not with the full run. */
	private void ranAlone(Properties run, String part) {
		String date = run.getProperty(part + "Date");
		if (date != null && !date.equals(run.getProperty("date"))) {
			line("This part ran on its own (`run.sh " + part + "`): run of " + date + ", commit `"
					+ run.getProperty(part + "Commit") + "`, JMH `" + run.getProperty(part + "JmhArgs")
					+ "`; load average (1 min) of the machine when it started: " + run.getProperty(part + "LoadAverage")
					+ ".");
			line("");
		}
	}

	private void overhead(Properties run) {
		line("### Cost of the machinery (trivial implementations, average time per call)");
		line("");
		ranAlone(run, "overhead");
		line("Metrics on: Prometheus's registry, the per-call timer's percentile histogram on (the default of "
				+ "`migration.metrics.percentiles-histogram`).");
		line("");
		line("| case | ns/op | ± (99.9%) | ratio to the empty aspect |");
		line("|---|---:|---:|---:|");
		double aspect = score("OverheadBenchmark.emptyAspect");
		for (String name : List.of("direct", "emptyAspect", "phasedOld", "phasedOldWithoutMetrics", "phasedShadow",
				"phasedReverseShadow", "phasedNew", "phasedOldFullRollout", "phasedStickyCanary",
				"phasedShadowSampled")) {
			JsonNode metric = metric("OverheadBenchmark." + name);
			if (metric == null) {
				continue;
			}
			line("| `" + name + "` | " + number(metric.get("score").asDouble()) + " | "
					+ number(metric.get("scoreError").asDouble()) + " | "
					+ ratio(metric.get("score").asDouble(), aspect) + " |");
		}
		line("");
		line("Target: OLD within 1.3x of the empty aspect: " + verdict(score("OverheadBenchmark.phasedOld") / aspect, 1.3)
				+ " with metrics, " + verdict(score("OverheadBenchmark.phasedOldWithoutMetrics") / aspect, 1.3)
				+ " without (the difference is the per-call timer: Micrometer's count, total, max and histogram "
				+ "bucket, with two reads of the wall clock). SHADOW and REVERSE_SHADOW also pay for handing the "
				+ "secondary to the pool (and, in a saturating loop, for the rejections that follow).");
		line("");
		double canary = score("OverheadBenchmark.phasedStickyCanary");
		if (!Double.isNaN(canary)) {
			double added = canary - score("OverheadBenchmark.phasedNew");
			double uniform = score("OverheadBenchmark.decisionUniform");
			double sticky = score("OverheadBenchmark.decisionStickyCanary");
			line("Rollouts: `phasedOldFullRollout` (OLD, `percentage: 100` set) is the uniform rollout, decided without "
					+ "a key or a hash: " + ratio(score("OverheadBenchmark.phasedOldFullRollout"),
							score("OverheadBenchmark.phasedOld"))
					+ "x `phasedOld`. `phasedStickyCanary` is NEW at 50%, sticky by the key `#x`, whose bucket is in "
					+ "the canary, so every call runs NEW after evaluating the key and hashing it: " + signed(added)
					+ " ns against `phasedNew`. The decision alone (`ModeResolver.resolve` on a prepared call): "
					+ number(uniform) + " ns uniform, " + number(sticky) + " ns for the sticky canary ("
					+ signed(sticky - uniform) + " ns). `phasedShadowSampled` is SHADOW with `sample-rate: 0.1`, no "
					+ "key: one read in ten, at random, runs its secondary: "
					+ ratio(score("OverheadBenchmark.phasedShadowSampled"), score("OverheadBenchmark.phasedShadow"))
					+ "x `phasedShadow`.");
			line("");
			line("Target: the sticky canary's decision adds at most 100 ns to a call: " + signed(added) + " ns, "
					+ ((added <= 100) ? "met" : "missed") + " (the decision alone: " + signed(sticky - uniform)
					+ " ns).");
			line("");
		}
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

	private void reactiveLatency(Properties run) {
		if (metric("ReactiveLatencyBenchmark.reactiveOld") == null) {
			return;
		}
		line("### Caller latency of reactive methods (`Mono`: old a ~1 ms timer, new a ~2 ms timer)");
		line("");
		ranAlone(run, "reactive");
		line("The benchmark thread subscribes and waits for the value; no thread waits for either implementation.");
		line("");
		line("| case | p50 µs | p99 µs | p50 ratio to OLD | p99 ratio to OLD |");
		line("|---|---:|---:|---:|---:|");
		double p50 = percentile("ReactiveLatencyBenchmark.reactiveOld", "50.0");
		double p99 = percentile("ReactiveLatencyBenchmark.reactiveOld", "99.0");
		for (String name : List.of("reactiveDirectOld", "reactiveOld", "reactiveShadow", "reactiveReverseShadow")) {
			latencyRow("ReactiveLatencyBenchmark", name, p50, p99);
		}
		line("");
		line("Target: SHADOW p50 within 5% of OLD: "
				+ verdict(percentile("ReactiveLatencyBenchmark.reactiveShadow", "50.0") / p50, 1.05) + ".");
		line("");
	}

	private void latencyRow(String name, double baseP50, double baseP99) {
		latencyRow("LatencyBenchmark", name, baseP50, baseP99);
	}

	private void latencyRow(String benchmark, String name, double baseP50, double baseP99) {
		String key = benchmark + "." + name;
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

	private void journal(Properties run, JsonNode replay) {
		line("### Reconciliation journal on PostgreSQL (loopback)");
		line("");
		String date = run.getProperty("journalDate");
		if (date != null && !date.equals(run.getProperty("date"))) {
			line("This part ran on its own (`run.sh journal`): run of " + date + ", commit `"
					+ run.getProperty("journalCommit") + "`, JMH `" + run.getProperty("journalJmhArgs") + "`.");
			line("");
		}
		String load = run.getProperty("journalLoadAverage");
		if (load != null) {
			line("Load average (1 min) of the machine when this part started: " + load + " on "
					+ run.getProperty("machine", "this machine") + ".");
			line("");
		}
		line("Database: " + run.getProperty("database", "PostgreSQL")
				+ " on the same machine, over loopback, as installed (fsync and synchronous commit on); a database "
				+ "of its own per trial. Old upserts into `table_a`, new into `table_b`, both in that one database "
				+ "through the application's one `DataSource` (Hikari, 10 connections), which also holds the "
				+ "journal's table. Migrations keyed by the row's id, a fresh id per call.");
		line("");
		line("Caller latency of one dual write. The cases run in pairs: the two cases of a pair at the same time, "
				+ "one caller thread each, so that both see the same disk and the same machine; each ratio compares the "
				+ "two cases of one pair.");
		line("");
		line("| pair | case | p50 µs | p99 µs | p50 ratio | p99 ratio |");
		line("|---|---|---:|---:|---:|---:|");
		String[][] pairs = { { "dualWrite", "handWritten", "phasedShadow" },
				{ "dualWriteInTransaction", "handWrittenInTransaction", "phasedShadowInTransaction" },
				{ "journaling", "journalingReference", "phasedShadowJournaling" },
				{ "backlog", "backlogReference", "phasedShadowWithBacklog" } };
		for (String[] pair : pairs) {
			for (int i = 1; i <= 2; i++) {
				double p50 = pairPercentile(pair[0], pair[i], "50.0");
				double p99 = pairPercentile(pair[0], pair[i], "99.0");
				if (Double.isNaN(p50)) {
					line("| `" + pair[0] + "` | `" + pair[i] + "` | not run | | | |");
					continue;
				}
				line("| `" + pair[0] + "` | `" + pair[i] + "` | " + number(p50) + " | " + number(p99) + " | "
						+ ratio(p50, pairPercentile(pair[0], pair[1], "50.0")) + " | "
						+ ratio(p99, pairPercentile(pair[0], pair[1], "99.0")) + " |");
			}
		}
		line("");
		line("Target: the starter's dual write within 1.1x of the hand-written one (p50): "
				+ verdict(pairRatio("dualWrite", "phasedShadow", "handWritten"), 1.1)
				+ "; in the caller's transaction, new's write after the commit: "
				+ verdict(pairRatio("dualWriteInTransaction", "phasedShadowInTransaction", "handWrittenInTransaction"),
						1.1)
				+ ".");
		line("");
		double journaling = pairPercentile("journaling", "phasedShadowJournaling", "50.0");
		double reference = pairPercentile("journaling", "journalingReference", "50.0");
		double backlog = pairPercentile("backlog", "phasedShadowWithBacklog", "50.0");
		double backlogReference = pairPercentile("backlog", "backlogReference", "50.0");
		if (!Double.isNaN(journaling)) {
			line("Journaling a failed second write (`phasedShadowJournaling`: new throws at once) costs the caller "
					+ number(journaling) + " µs at p50, " + signed(journaling - reference) + " µs against a dual write "
					+ "whose second write succeeds, at the same time: old's upsert, the per-key check, which asks the "
					+ "table once the migration has entries, and the entry's insert in a transaction of its own. While a "
					+ "migration has any entry, every dual write of it pays that query too: `phasedShadowWithBacklog`, "
					+ signed(backlog - backlogReference) + " µs at p50.");
			line("");
		}
		line("Replay throughput (`ReplayRun`):");
		line("");
		if (replay == null) {
			line("not run");
			line("");
			return;
		}
		line("| drain | entries | batches claimed | ms | entries/s | same upserts by hand, /s | ratio |");
		line("|---|---:|---:|---:|---:|---:|---:|");
		int index = 1;
		for (JsonNode drain : replay.get("drains")) {
			double rate = drain.get("entriesPerSecond").asDouble();
			double byHand = drain.path("handWrittenPerSecond").asDouble(Double.NaN);
			line("| " + index++ + " | " + drain.get("entries").asLong() + " | " + drain.get("claims").asLong() + " | "
					+ number(drain.get("millis").asDouble()) + " | " + number(rate) + " | " + number(byHand) + " | "
					+ ratio(rate, byHand) + " |");
		}
		line("");
		double median = replay.get("medianEntriesPerSecond").asDouble();
		line("Each drain: " + replay.get("entries").asLong() + " due entries of distinct keys, new's upsert into "
				+ "`table_b` each, replayed by the application's `Reconciler` in batches of "
				+ replay.get("batchSize").asInt() + ", " + replay.path("replayThreads").asInt(1)
				+ " replayed side by side (`replay-threads`), until a claim finds nothing; a warm-up drain of "
				+ replay.get("warmupEntries").asLong() + " entries not counted. After each drain, the same upserts "
				+ "written by hand one after the other on one thread: the rate this disk allowed a single writer "
				+ "that minute, each write being one auto-committed transaction as each replay is. Median "
				+ number(median) + " entries/s (" + number(replay.get("minEntriesPerSecond").asDouble()) + " to "
				+ number(replay.get("maxEntriesPerSecond").asDouble()) + ")" + loadAverages(replay)
				+ ". Target: at least 2,000 replays/s: " + ((median >= 2000) ? "met" : "missed") + ".");
		line("");
	}

	private void backfill(JsonNode backfill) {
		line("### Backfill from MariaDB to PostgreSQL (loopback)");
		line("");
		if (backfill == null) {
			line("not run (`run.sh backfill`)");
			line("");
			return;
		}
		line("This part runs on its own (`run.sh backfill`): run of " + backfill.get("date").asString() + ", commit `"
				+ backfill.get("commit").asString() + "`, on " + backfill.get("machine").asString() + ", "
				+ backfill.get("java").asString() + String.format(Locale.ROOT,
						"; load average (1 min) %.2f before and %.2f after.",
						backfill.path("loadAverageBefore").asDouble(-1), backfill.path("loadAverageAfter").asDouble(-1)));
		line("");
		line("Source: " + backfill.get("source").asString() + "; target: " + backfill.get("target").asString()
				+ "; both on this machine, over loopback, as installed, a database of their own each. `orders` holds "
				+ String.format(Locale.ROOT, "%,d", backfill.get("rows").asLong()) + " rows, every one copied (no "
				+ "filter) into `pending_payments`; one Hikari pool of " + backfill.get("poolSize").asInt()
				+ " on each side for every case, `reWriteBatchedInserts=true` on PostgreSQL, the MariaDB driver's "
				+ "defaults; writes to new in JDBC batches of " + backfill.path("writeBatchSize").asInt() + ", one "
				+ "transaction per chunk. " + backfill.get("rounds").asInt() + " rounds of every case, in turns, "
				+ "the order reversed every round, the chunk sizes in turns too, the target emptied before each copy; "
				+ "medians, and the range. Client CPU: the benchmark process's CPU time per row copied (all its "
				+ "threads), the median round's.");
		line("");
		JsonNode chunkSizes = backfill.get("chunkSizes");
		StringBuilder header = new StringBuilder("| copy |");
		StringBuilder rule = new StringBuilder("|---|");
		for (JsonNode chunk : chunkSizes) {
			header.append(" chunk ").append(chunk.get("chunkSize").asInt())
				.append(": rows/s (range) | ratio | client CPU µs/row |");
			rule.append("---:|---:|---:|");
		}
		line(header.toString());
		line(rule.toString());
		for (String[] copy : BACKFILL_COPIES) {
			StringBuilder row = new StringBuilder("| `" + copy[0] + "`: " + copy[1] + " |");
			for (JsonNode chunk : chunkSizes) {
				JsonNode rates = chunk.path("copies").get(copy[0]);
				if (rates == null) {
					row.append(" not run | | |");
					continue;
				}
				row.append(' ').append(rateWithRange(rates)).append(" | ")
					.append(ratio(median(rates), median(chunk.path("copies").get("handWritten")))).append(" | ")
					.append(String.format(Locale.ROOT, "%.2f", rates.path("medianCpuMicrosPerRow").asDouble(Double.NaN)))
					.append(" |");
			}
			line(row.toString());
		}
		line("");
		StringBuilder target = new StringBuilder("Target: the backfill at least 0.8x the hand-written copy:");
		for (JsonNode chunk : chunkSizes) {
			double ratio = chunk.get("backfillRatio").asDouble();
			target.append(String.format(Locale.ROOT, " chunk %d, %.2fx, %s;", chunk.get("chunkSize").asInt(), ratio,
					(ratio >= 0.8) ? "met" : "missed"));
		}
		line(target.substring(0, target.length() - 1) + ".");
		line("");
		line("Where the difference goes, as ratios of the medians above: the statement (`ON CONFLICT DO NOTHING` by "
				+ "hand / plain `INSERT` by hand), the durable checkpoints (backfill / the same with checkpoints in "
				+ "memory), the rest of the starter's machinery (backfill with checkpoints in memory / by hand with "
				+ "`ON CONFLICT DO NOTHING`), and the two changes proposed below, each against the limit.");
		line("");
		line("| chunk | statement | checkpoints | rest of the machinery | proposed write / limit | "
				+ "proposed write and asynchronous checkpoints / limit |");
		line("|---:|---:|---:|---:|---:|---:|");
		for (JsonNode chunk : chunkSizes) {
			line("| " + chunk.get("chunkSize").asInt() + " | "
					+ copyRatio(chunk, "handWrittenInsertMissing", "handWritten") + " | "
					+ copyRatio(chunk, "backfill", "backfillInMemoryCheckpoints") + " | "
					+ copyRatio(chunk, "backfillInMemoryCheckpoints", "handWrittenInsertMissing") + " | "
					+ copyRatio(chunk, "backfillPrefilteredInsert", "handWritten") + " | "
					+ copyRatio(chunk, "backfillPrefilteredInsertAsyncCheckpoints", "handWritten") + " |");
		}
		line("");
		line(String.format(Locale.ROOT, "One checkpoint save of `JdbcCheckpointStore` on PostgreSQL took %.2f ms "
				+ "(the mean of %d one after the other), which the backfill pays once per chunk; old's `SELECT "
				+ "COUNT(*)`, asked once per run for the ETA, %.0f ms.", backfill.path("checkpointSaveMillis").asDouble(),
				backfill.path("checkpointSaves").asInt(), backfill.path("estimateCountMillis").asDouble()));
		line("");
		line("Verify (`Backfills.verify`, no repair, `recheckDelay` 0, chunks of the backfill's size, the default "
				+ "comparator) over the two equal tables, against a hand-written merge of the same two keyset scans:");
		line("");
		line("| chunk | verify rows/s (range) | hand-written merge rows/s (range) | ratio |");
		line("|---:|---:|---:|---:|");
		for (JsonNode chunk : chunkSizes) {
			line("| " + chunk.get("chunkSize").asInt() + " | " + rateWithRange(chunk.get("verify")) + " | "
					+ rateWithRange(chunk.get("handWrittenMerge")) + " | "
					+ ratio(median(chunk.get("verify")), median(chunk.get("handWrittenMerge"))) + " |");
		}
		line("");
	}

	private void shortcuts(Properties run, JsonNode backfill) {
		if (metric("KeyExpressionBenchmark.shortcut[#warehouseId]") == null
				&& metric("RowMapperBenchmark.rowRecordRowMapper") == null) {
			return;
		}
		line("### Shortcuts against the library path they replace");
		line("");
		ranAlone(run, "shortcuts");
		line("Each shortcut and its library path in one JMH run, the same forks and JVM settings; a shortcut stays "
				+ "only if it saves more than " + percent(SHORTCUT_MARGIN) + " of the call it sits on, and more than "
				+ "the errors of the two cases together.");
		line("");
		keyShortcut();
		rowMapperShortcut(backfill);
	}

	private void keyShortcut() {
		String[] keys = { "#warehouseId", "#order.id", "#order.customer.id", "#shipment.id" };
		if (metric("KeyExpressionBenchmark.shortcut[" + keys[0] + "]") == null) {
			return;
		}
		JsonNode call = metric("OverheadBenchmark.phasedStickyCanary");
		double callCost = score(call);
		line("**The migration key** (`KeyExpressionBenchmark`, ns/op ± 99.9% error): `MigrationKeyExpression`'s plain "
				+ "path through method handles (the shortcut); the same key as SpEL compiled in the starter's own "
				+ "per-call context (what the starter does with keys that are not plain paths); and the library path: "
				+ "SpEL parsed once and compiled (`MIXED`), a `MethodBasedEvaluationContext` with a "
				+ "`DefaultParameterNameDiscoverer` per call, every `.` as `?.` so that a null gives a null key. "
				+ "`#shipment.id` reads a parameter declared as an interface whose calls bring two classes in turn. "
				+ "The call it sits on: `phasedStickyCanary` of the overhead section, a call through the starter that "
				+ "evaluates its key, " + withError(call) + " ns.");
		line("");
		line("| key | shortcut | starter's SpEL context | library path | library / shortcut | saved per call | "
				+ "saved / the call |");
		line("|---|---:|---:|---:|---:|---:|---:|");
		boolean keep = true;
		StringBuilder handles = new StringBuilder();
		for (String key : keys) {
			JsonNode shortcut = metric("KeyExpressionBenchmark.shortcut[" + key + "]");
			JsonNode starter = metric("KeyExpressionBenchmark.spelStarterContext[" + key + "]");
			JsonNode library = metric("KeyExpressionBenchmark.spelMethodBasedContext[" + key + "]");
			if (shortcut == null || library == null) {
				line("| `" + key + "` | not run | | | | | |");
				keep = false;
				continue;
			}
			double saved = score(library) - score(shortcut);
			keep &= wins(shortcut, library, callCost);
			line("| `" + key + "` | " + withError(shortcut) + " | " + withError(starter) + " | " + withError(library)
					+ " | " + ratio(score(library), score(shortcut)) + " | " + signed(saved) + " ns | "
					+ percent(saved / callCost) + " |");
			handles.append((handles.length() == 0) ? "" : ", ").append('`').append(key).append("` ")
				.append(signed(score(starter) - score(shortcut))).append(" ns");
		}
		line("");
		line("Verdict for `MigrationKeyExpression` against the library path: " + (keep ? "kept" : "not justified")
				+ " (more than " + percent(SHORTCUT_MARGIN) + " of the call saved for every key, and more than the "
				+ "errors: " + (keep ? "yes" : "no") + "). What the method handles save against SpEL compiled in the "
				+ "starter's own context: " + handles + ".");
		line("");
	}

	private void rowMapperShortcut(JsonNode backfill) {
		if (metric("RowMapperBenchmark.rowRecordRowMapper") == null) {
			return;
		}
		line("**The backfill's row mapper** (`RowMapperBenchmark`, ± 99.9% error): `RecordRowMapper` (the shortcut, "
				+ "`JdbcBackfillTable`'s default for records: columns found once per query, the record built through a "
				+ "method handle) against Spring's `DataClassRowMapper` and `SimplePropertyRowMapper`, given to the "
				+ "same table as its `rowMapper(...)`. A record of ten components of mixed types, six named in two "
				+ "words, from snake_case columns; H2 in memory through its JDBC driver and a Hikari pool. A page: "
				+ "`JdbcBackfillTable.readAfter` of 1000 rows, the query and the cursor included: the call the mapper "
				+ "sits on. One row: `mapRow` alone, on a result set positioned on a row.");
		line("");
		line("| row mapper | a page of 1000 rows, µs/op | ratio | one row, ns/op | ratio |");
		line("|---|---:|---:|---:|---:|");
		JsonNode shortcutRow = metric("RowMapperBenchmark.rowRecordRowMapper");
		JsonNode shortcutPage = metric("RowMapperBenchmark.pageRecordRowMapper");
		// a page's µs for 1000 rows are its ns a row
		double pageNanosPerRow = score(shortcutPage);
		// when the backfill's part ran: a row read from MariaDB and written to PostgreSQL by the backfill
		double copyNanosPerRow = Double.NaN;
		if (backfill != null) {
			for (JsonNode chunk : backfill.get("chunkSizes")) {
				JsonNode copy = chunk.path("copies").get("backfill");
				if (chunk.get("chunkSize").asInt() == 1000 && copy != null) {
					copyNanosPerRow = 1e9 / median(copy);
				}
			}
		}
		// the call judged against: the longer of the two, the stricter
		double callPerRow = Double.isNaN(copyNanosPerRow) ? pageNanosPerRow : Math.max(pageNanosPerRow, copyNanosPerRow);
		boolean keep = true;
		StringBuilder savings = new StringBuilder();
		String[][] mappers = { { "RecordRowMapper", "`RecordRowMapper` (shortcut)" },
				{ "DataClassRowMapper", "`DataClassRowMapper`" },
				{ "SimplePropertyRowMapper", "`SimplePropertyRowMapper`" } };
		for (String[] mapper : mappers) {
			JsonNode row = metric("RowMapperBenchmark.row" + mapper[0]);
			JsonNode page = metric("RowMapperBenchmark.page" + mapper[0]);
			if (row == null || page == null) {
				line("| " + mapper[1] + " | not run | | | |");
				keep = false;
				continue;
			}
			if (page != shortcutPage) {
				// what a page read saves, a row: the query and the cursor cost both mappers the same
				double saved = score(page) - score(shortcutPage);
				keep &= wins(shortcutPage, page, callPerRow);
				savings.append(" Against `").append(mapper[0]).append("`: ").append(signed(saved))
					.append(" ns a row (one row alone: ").append(signed(score(row) - score(shortcutRow)))
					.append(" ns), ").append(percent(saved / pageNanosPerRow)).append(" of the page read");
				if (!Double.isNaN(copyNanosPerRow)) {
					savings.append(", ").append(percent(saved / copyNanosPerRow)).append(" of the copy");
				}
				savings.append('.');
			}
			line("| " + mapper[1] + " | " + withError(page) + " | " + ratio(score(page), score(shortcutPage)) + " | "
					+ withError(row) + " | " + ratio(score(row), score(shortcutRow)) + " |");
		}
		line("");
		StringBuilder context = new StringBuilder("Next to the call: a page read with the shortcut took "
				+ number(pageNanosPerRow) + " ns a row on H2 in memory, where the database's share is the least");
		if (!Double.isNaN(copyNanosPerRow)) {
			context.append("; the backfill's copy from MariaDB to PostgreSQL (the backfill section, chunks of 1000) "
					+ "took " + number(copyNanosPerRow) + " ns a row read and written");
		}
		context.append(". What the shortcut saves a page read, per row:").append(savings);
		line(context.toString());
		line("");
		line("Verdict for `RecordRowMapper`: " + (keep ? "kept" : "not justified") + " (a page read saves more than "
				+ percent(SHORTCUT_MARGIN) + " of the longer of those two times a row, against each library mapper, "
				+ "and more than the two pages' errors together: " + (keep ? "yes" : "no") + ").");
		line("");
	}

	/** Whether the shortcut saves more than the margin of the call and more than the two errors together. */
	private static boolean wins(JsonNode shortcut, JsonNode library, double callCost) {
		double saved = score(library) - score(shortcut);
		return saved > SHORTCUT_MARGIN * callCost
				&& saved > shortcut.get("scoreError").asDouble() + library.get("scoreError").asDouble();
	}

	private static double score(JsonNode metric) {
		return (metric != null) ? metric.get("score").asDouble() : Double.NaN;
	}

	private static String withError(JsonNode metric) {
		if (metric == null) {
			return "not run";
		}
		return number(metric.get("score").asDouble()) + " ± " + number(metric.get("scoreError").asDouble());
	}

	private static String percent(double share) {
		if (Double.isNaN(share)) {
			return "n/a";
		}
		double percent = share * 100;
		return String.format(Locale.ROOT, (Math.abs(percent) >= 10 || percent == Math.rint(percent)) ? "%.0f%%" : "%.1f%%",
				percent);
	}

	private static String copyRatio(JsonNode chunk, String copy, String base) {
		return ratio(median(chunk.path("copies").get(copy)), median(chunk.path("copies").get(base)));
	}

	private static double median(JsonNode rates) {
		return (rates != null) ? rates.get("medianRowsPerSecond").asDouble() : Double.NaN;
	}

	private static String rateWithRange(JsonNode rates) {
		return number(median(rates)) + " (" + number(rates.get("minRowsPerSecond").asDouble()) + "–"
				+ number(rates.get("maxRowsPerSecond").asDouble()) + ")";
	}

	/** A percentile of one case of a pair: a method of a JMH group, reported as a secondary result. */
	private double pairPercentile(String group, String method, String percentile) {
		JsonNode benchmark = this.jmh.get("JournalBenchmark." + group);
		JsonNode metric = (benchmark != null) ? benchmark.path("secondaryMetrics").get(method) : null;
		return (metric != null) ? metric.get("scorePercentiles").get(percentile).asDouble() : Double.NaN;
	}

	private double pairRatio(String group, String method, String baseMethod) {
		return pairPercentile(group, method, "50.0") / pairPercentile(group, baseMethod, "50.0");
	}

	private static String loadAverages(JsonNode replay) {
		double before = replay.path("loadAverageBefore").asDouble(-1);
		double after = replay.path("loadAverageAfter").asDouble(-1);
		if (before < 0 || after < 0) {
			return "";
		}
		return String.format(Locale.ROOT, ", load average %.2f before and %.2f after", before, after);
	}

	private static String signed(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return ((value >= 0) ? "+" : "-") + number(Math.abs(value));
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
