package io.github.phasedmigration.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The report is computed from the raw files, ratios included, and lands between the README's markers. */
class ReportWriterTest {

	@TempDir
	Path dir;

	@Test
	void writesTheTablesBetweenTheMarkersFromTheRawResults() throws Exception {
		Path results = Files.createDirectories(this.dir.resolve("results"));
		writeOtherResults(results);
		Files.writeString(results.resolve("jmh.json"), """
				[
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.emptyAspect",
				  "primaryMetric": {"score": 200.0, "scoreError": 4.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedOld",
				  "primaryMetric": {"score": 260.0, "scoreError": 5.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.LatencyBenchmark.phasedOld",
				  "primaryMetric": {"score": 1100, "scoreError": 1, "scorePercentiles": {"50.0": 1000.0, "99.0": 1200.0}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.LatencyBenchmark.phasedShadow",
				  "primaryMetric": {"score": 1100, "scoreError": 1, "scorePercentiles": {"50.0": 1020.0, "99.0": 1500.0}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.LatencyBenchmark.scientistShadow",
				  "primaryMetric": {"score": 3000, "scoreError": 1, "scorePercentiles": {"50.0": 3060.0, "99.0": 3000.0}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.JournalBenchmark.dualWrite",
				  "primaryMetric": {"score": 999, "scoreError": 1, "scorePercentiles": {"50.0": 999.0, "99.0": 999.0}},
				  "secondaryMetrics": {
				   "handWritten": {"score": 999, "scorePercentiles": {"50.0": 999.0, "99.0": 999.0}},
				   "phasedShadow": {"score": 999, "scorePercentiles": {"50.0": 999.0, "99.0": 999.0}}}}
				]
				""");
		// the journal part run on its own: replaces the full run's journal results
		Files.writeString(results.resolve("jmh-journal.json"), """
				[
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.JournalBenchmark.dualWrite",
				  "primaryMetric": {"score": 500, "scoreError": 1, "scorePercentiles": {"50.0": 410.0, "99.0": 900.0}},
				  "secondaryMetrics": {
				   "handWritten": {"score": 500, "scorePercentiles": {"50.0": 400.0, "99.0": 800.0}},
				   "phasedShadow": {"score": 500, "scorePercentiles": {"50.0": 420.0, "99.0": 1000.0}}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.JournalBenchmark.journaling",
				  "primaryMetric": {"score": 600, "scoreError": 1, "scorePercentiles": {"50.0": 500.0, "99.0": 1500.0}},
				  "secondaryMetrics": {
				   "journalingReference": {"score": 500, "scorePercentiles": {"50.0": 440.0, "99.0": 1000.0}},
				   "phasedShadowJournaling": {"score": 700, "scorePercentiles": {"50.0": 650.0, "99.0": 2000.0}}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.JournalBenchmark.backlog",
				  "primaryMetric": {"score": 600, "scoreError": 1, "scorePercentiles": {"50.0": 500.0, "99.0": 1500.0}},
				  "secondaryMetrics": {
				   "backlogReference": {"score": 500, "scorePercentiles": {"50.0": 450.0, "99.0": 1000.0}},
				   "phasedShadowWithBacklog": {"score": 700, "scorePercentiles": {"50.0": 600.0, "99.0": 1100.0}}}}
				]
				""");
		Files.writeString(results.resolve("replay.json"), """
				{"database": "PostgreSQL 15.2", "entries": 20000, "batchSize": 100, "warmupEntries": 5000,
				 "drains": [{"entries": 20000, "claims": 201, "millis": 8000.0, "entriesPerSecond": 2500.0},
				            {"entries": 20000, "claims": 201, "millis": 10000.0, "entriesPerSecond": 2000.0,
				             "handWrittenPerSecond": 2500.0},
				            {"entries": 20000, "claims": 201, "millis": 12500.0, "entriesPerSecond": 1600.0}],
				 "medianEntriesPerSecond": 2000.0, "minEntriesPerSecond": 1600.0, "maxEntriesPerSecond": 2500.0,
				 "loadAverageBefore": 0.5, "loadAverageAfter": 1.25}
				""");
		Files.writeString(results.resolve("run.properties"),
				"date=2026-11-23T09:00Z\ncommit=abc1234\nmachine=2 cores\njava=openjdk 17\njmhArgs=-f 2\nloadArgs=16 connections\n"
						+ "journalDate=2026-11-24T10:00Z\njournalCommit=def5678\njournalJmhArgs=-f 1\ndatabase=PostgreSQL 15.2\n");
		Path readme = this.dir.resolve("README.md");
		Files.writeString(readme, "# Benchmarks\n\n" + ReportWriter.START + "\nold\n" + ReportWriter.END + "\n\nafter\n");

		ReportWriter.main(new String[] { results.toString(), readme.toString() });

		String written = Files.readString(readme);
		assertThat(written).startsWith("# Benchmarks\n\n" + ReportWriter.START)
			.endsWith(ReportWriter.END + "\n\nafter\n")
			.doesNotContain("\nold\n")
			.contains("Run of 2026-11-23T09:00Z, commit `abc1234`")
			.contains("| `phasedOld` | 260 | 5.0 | 1.30 |")
			.contains("| `phasedShadow` | 1020 | 1500 | 1.02 | 1.25 |")
			.contains("| `scientistShadow` | 3060 | 3000 | 0.33 | 0.50 |")
			.contains("| `launchDarklyShadow` | not run | | | |")
			.contains("| SHADOW | 950 | 5100 | 9600 | 0 | 3 | 0.95 | 1.20 |")
			.contains("| heap growth over one million discrepancies | 1.0 MiB |")
			.contains("| threads before / at peak (pool of 4) | 10 / 15 |")
			.contains("This part ran on its own (`run.sh journal`): run of 2026-11-24T10:00Z, commit `def5678`")
			.contains("Database: PostgreSQL 15.2 on the same machine")
			.contains("| `dualWrite` | `handWritten` | 400 | 800 | 1.00 | 1.00 |")
			.contains("| `dualWrite` | `phasedShadow` | 420 | 1000 | 1.05 | 1.25 |")
			.contains("| `dualWriteInTransaction` | `phasedShadowInTransaction` | not run | | | |")
			.contains("| `journaling` | `phasedShadowJournaling` | 650 | 2000 | 1.48 | 2.00 |")
			.contains("within 1.1x of the hand-written one (p50): 1.05x, met; in the caller's transaction, new's "
					+ "write after the commit: not measured.")
			.contains("costs the caller 650 µs at p50, +210 µs against")
			.contains("`phasedShadowWithBacklog`, +150 µs at p50.")
			.contains("| 2 | 20000 | 201 | 10000 | 2000 | 2500 | 0.80 |")
			.contains("| 1 | 20000 | 201 | 8000 | 2500 | n/a | n/a |")
			.contains("Median 2000 entries/s (1600 to 2500), load average 0.50 before and 1.25 after. Target: at least "
					+ "2,000 replays/s: met.");
		assertThat(results.resolve("RESULTS.md")).exists();
	}

	@Test
	void saysNotRunWhenTheJournalPartDidNotRun() throws Exception {
		Path results = Files.createDirectories(this.dir.resolve("results"));
		writeOtherResults(results);
		Files.writeString(results.resolve("jmh.json"), "[]");
		Files.writeString(results.resolve("run.properties"), "date=2026-11-23T09:00Z\ncommit=abc1234\n");

		String written = new ReportWriter().write(results);

		assertThat(written).contains("| `dualWrite` | `handWritten` | not run | | | |")
			.contains("| `journaling` | `phasedShadowJournaling` | not run | | | |")
			.contains("Replay throughput (`ReplayRun`):\n\nnot run\n")
			.contains("### Backfill from MariaDB to PostgreSQL (loopback)\n\nnot run (`run.sh backfill`)\n")
			.doesNotContain("ran on its own");
	}

	@Test
	void theOverheadPartRunOnItsOwnReplacesTheFullRunsFiguresAndJudgesTheRollouts() throws Exception {
		Path results = Files.createDirectories(this.dir.resolve("results"));
		writeOtherResults(results);
		Files.writeString(results.resolve("jmh.json"), """
				[
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.emptyAspect",
				  "primaryMetric": {"score": 900.0, "scoreError": 4.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedOld",
				  "primaryMetric": {"score": 900.0, "scoreError": 5.0, "scorePercentiles": {}}}
				]
				""");
		Files.writeString(results.resolve(ReportWriter.OVERHEAD_JMH), """
				[
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.emptyAspect",
				  "primaryMetric": {"score": 200.0, "scoreError": 4.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedOld",
				  "primaryMetric": {"score": 280.0, "scoreError": 5.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedOldWithoutMetrics",
				  "primaryMetric": {"score": 200.0, "scoreError": 5.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedShadow",
				  "primaryMetric": {"score": 2000.0, "scoreError": 5.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedNew",
				  "primaryMetric": {"score": 300.0, "scoreError": 5.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedOldFullRollout",
				  "primaryMetric": {"score": 280.0, "scoreError": 5.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedStickyCanary",
				  "primaryMetric": {"score": 380.0, "scoreError": 5.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedShadowSampled",
				  "primaryMetric": {"score": 500.0, "scoreError": 5.0, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.decisionUniform",
				  "primaryMetric": {"score": 1.0, "scoreError": 0.1, "scorePercentiles": {}}},
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.decisionStickyCanary",
				  "primaryMetric": {"score": 61.0, "scoreError": 1.0, "scorePercentiles": {}}}
				]
				""");
		Files.writeString(results.resolve("run.properties"), "date=2026-11-23T09:00Z\ncommit=abc1234\n"
				+ "overheadDate=2026-11-24T11:00Z\noverheadCommit=def5678\noverheadJmhArgs=-f 2\noverheadLoadAverage=0.42\n");

		String written = new ReportWriter().write(results);

		assertThat(written)
			.contains("This part ran on its own (`run.sh overhead`): run of 2026-11-24T11:00Z, commit `def5678`, JMH "
					+ "`-f 2`; load average (1 min) of the machine when it started: 0.42.")
			.contains("| `phasedOld` | 280 | 5.0 | 1.40 |")
			.contains("| `phasedStickyCanary` | 380 | 5.0 | 1.90 |")
			.contains("Target: OLD within 1.3x of the empty aspect: 1.40x, missed with metrics, 1.00x, met without")
			.contains("`phasedOldFullRollout` (OLD, `percentage: 100` set) is the uniform rollout, decided without a key "
					+ "or a hash: 1.00x `phasedOld`")
			.contains("+80.0 ns against `phasedNew`")
			.contains("1.0 ns uniform, 61.0 ns for the sticky canary (+60.0 ns)")
			.contains("0.25x `phasedShadow`")
			.contains("Target: the sticky canary's decision adds at most 100 ns to a call: +80.0 ns, met (the decision "
					+ "alone: +60.0 ns).");
	}

	@Test
	void writesTheBackfillPartWithItsRatiosAndTarget() throws Exception {
		Path results = Files.createDirectories(this.dir.resolve("results"));
		writeOtherResults(results);
		Files.writeString(results.resolve("jmh.json"), "[]");
		Files.writeString(results.resolve("run.properties"), "date=2026-11-23T09:00Z\ncommit=abc1234\n");
		Files.writeString(results.resolve(ReportWriter.BACKFILL), """
				{"date": "2026-11-25T08:00Z", "commit": "fed4321", "machine": "2 cores (CPU), 24 GiB, Linux 6",
				 "java": "OpenJDK 17", "source": "MariaDB 10.11", "target": "PostgreSQL 15.2", "rows": 1000000,
				 "rounds": 3, "poolSize": 4, "writeBatchSize": 1000, "loadAverageBefore": 0.5, "loadAverageAfter": 0.75,
				 "estimateCountMillis": 120.0, "checkpointSaves": 200, "checkpointSaveMillis": 0.8,
				 "chunkSizes": [{"chunkSize": 1000,
				   "copies": {
				    "handWritten": {"medianRowsPerSecond": 100000.0, "minRowsPerSecond": 90000.0, "maxRowsPerSecond": 110000.0,
				                    "medianCpuMicrosPerRow": 0.8},
				    "handWrittenInsertMissing": {"medianRowsPerSecond": 80000.0, "minRowsPerSecond": 80000.0, "maxRowsPerSecond": 80000.0},
				    "backfill": {"medianRowsPerSecond": 60000.0, "minRowsPerSecond": 55000.0, "maxRowsPerSecond": 65000.0,
				                 "medianCpuMicrosPerRow": 1.75},
				    "backfillInMemoryCheckpoints": {"medianRowsPerSecond": 75000.0, "minRowsPerSecond": 75000.0, "maxRowsPerSecond": 75000.0},
				    "backfillPrefilteredInsert": {"medianRowsPerSecond": 85000.0, "minRowsPerSecond": 85000.0, "maxRowsPerSecond": 85000.0}},
				   "backfillRatio": 0.6,
				   "verify": {"medianRowsPerSecond": 50000.0, "minRowsPerSecond": 40000.0, "maxRowsPerSecond": 60000.0},
				   "handWrittenMerge": {"medianRowsPerSecond": 200000.0, "minRowsPerSecond": 200000.0, "maxRowsPerSecond": 200000.0},
				   "verifyRatio": 0.25}]}
				""");

		String written = new ReportWriter().write(results);

		assertThat(written).contains("runs on its own (`run.sh backfill`): run of 2026-11-25T08:00Z, commit `fed4321`")
			.contains("`orders` holds 1,000,000 rows")
			.contains("| copy | chunk 1000: rows/s (range) | ratio | client CPU µs/row |")
			.contains("| `handWritten`: by hand, plain `INSERT` (the limit) | 100000 (90000–110000) | 1.00 | 0.80 |")
			.contains("(`JdbcBackfillTable`, `JdbcCheckpointStore`) | 60000 (55000–65000) | 0.60 | 1.75 |")
			.contains("| `backfillPrefilteredInsertAsyncCheckpoints`: the same, checkpoints committed without waiting "
					+ "for the WAL flush | not run | | |")
			.contains("Target: the backfill at least 0.8x the hand-written copy: chunk 1000, 0.60x, missed.")
			.contains("| 1000 | 0.80 | 0.80 | 0.94 | 0.85 | n/a |")
			.contains("took 0.80 ms (the mean of 200 one after the other)")
			.contains("| 1000 | 50000 (40000–60000) | 200000 (200000–200000) | 0.25 |");
	}

	@Test
	void judgesEachShortcutAgainstItsLibraryPathNextToTheCallItSitsOn() throws Exception {
		Path results = Files.createDirectories(this.dir.resolve("results"));
		writeOtherResults(results);
		Files.writeString(results.resolve("jmh.json"), "[]");
		Files.writeString(results.resolve(ReportWriter.OVERHEAD_JMH), """
				[
				 {"benchmark": "io.github.phasedmigration.benchmarks.jmh.OverheadBenchmark.phasedStickyCanary",
				  "primaryMetric": {"score": 400.0, "scoreError": 20.0, "scorePercentiles": {}}}
				]
				""");
		Files.writeString(results.resolve(ReportWriter.SHORTCUTS_JMH), """
				[
				 %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
				 %s, %s, %s, %s, %s, %s
				]
				""".formatted(keyCase("shortcut", "#shipment.id", 10, 1), keyCase("spelStarterContext", "#shipment.id", 500, 50),
				keyCase("spelMethodBasedContext", "#shipment.id", 900, 90),
				keyCase("shortcut", "#warehouseId", 10, 1), keyCase("spelStarterContext", "#warehouseId", 15, 1),
				keyCase("spelMethodBasedContext", "#warehouseId", 200, 10), keyCase("shortcut", "#order.id", 10, 1),
				keyCase("spelStarterContext", "#order.id", 15, 1), keyCase("spelMethodBasedContext", "#order.id", 25, 2),
				keyCase("shortcut", "#order.customer.id", 12, 1), keyCase("spelStarterContext", "#order.customer.id", 16, 1),
				keyCase("spelMethodBasedContext", "#order.customer.id", 300, 10), rowMapperCase("rowRecordRowMapper", 250, 10),
				rowMapperCase("rowDataClassRowMapper", 20000, 500), rowMapperCase("rowSimplePropertyRowMapper", 1000, 50),
				rowMapperCase("pageRecordRowMapper", 500, 20), rowMapperCase("pageDataClassRowMapper", 20000, 900),
				rowMapperCase("pageSimplePropertyRowMapper", 1300, 40)));
		Files.writeString(results.resolve("run.properties"), "date=2026-11-23T09:00Z\ncommit=abc1234\n"
				+ "shortcutsDate=2026-12-05T10:00Z\nshortcutsCommit=def5678\nshortcutsJmhArgs=-f 2\nshortcutsLoadAverage=1.5\n");
		Files.writeString(results.resolve(ReportWriter.BACKFILL), """
				{"date": "2026-11-25T08:00Z", "commit": "fed4321", "machine": "2 cores", "java": "OpenJDK 17",
				 "source": "MariaDB", "target": "PostgreSQL", "rows": 1000000, "rounds": 1, "poolSize": 4,
				 "chunkSizes": [{"chunkSize": 1000, "copies": {
				   "handWritten": {"medianRowsPerSecond": 200000.0, "minRowsPerSecond": 1.0, "maxRowsPerSecond": 1.0},
				   "backfill": {"medianRowsPerSecond": 125000.0, "minRowsPerSecond": 1.0, "maxRowsPerSecond": 1.0}},
				   "backfillRatio": 0.625,
				   "verify": {"medianRowsPerSecond": 1.0, "minRowsPerSecond": 1.0, "maxRowsPerSecond": 1.0},
				   "handWrittenMerge": {"medianRowsPerSecond": 1.0, "minRowsPerSecond": 1.0, "maxRowsPerSecond": 1.0}}]}
				""");

		String written = new ReportWriter().write(results);

		assertThat(written).contains("### Shortcuts against the library path they replace")
			.contains("This part ran on its own (`run.sh shortcuts`): run of 2026-12-05T10:00Z, commit `def5678`")
			.contains("evaluates its key, 400 ± 20.0 ns.")
			.contains("| `#warehouseId` | 10.0 ± 1.0 | 15.0 ± 1.0 | 200 ± 10.0 | 20.00 | +190 ns | 48% |")
			// 15 ns saved: 3.8% of the call, under the margin
			.contains("| `#order.id` | 10.0 ± 1.0 | 15.0 ± 1.0 | 25.0 ± 2.0 | 2.50 | +15.0 ns | 3.8% |")
			.contains("a shortcut stays only if it saves more than 5% of the call it sits on")
			.contains("| `#shipment.id` | 10.0 ± 1.0 | 500 ± 50.0 | 900 ± 90.0 | 90.00 | +890 ns | 223% |")
			.contains("Verdict for `MigrationKeyExpression` against the library path: not justified")
			.contains("What the method handles save against SpEL compiled in the starter's own context: `#warehouseId` "
					+ "+5.0 ns, `#order.id` +5.0 ns, `#order.customer.id` +4.0 ns, `#shipment.id` +490 ns.")
			.contains("| `RecordRowMapper` (shortcut) | 500 ± 20.0 | 1.00 | 250 ± 10.0 | 1.00 |")
			.contains("| `SimplePropertyRowMapper` | 1300 ± 40.0 | 2.60 | 1000 ± 50.0 | 4.00 |")
			.contains("a page read with the shortcut took 500 ns a row on H2 in memory")
			.contains("took 8000 ns a row read and written")
			.contains("Against `SimplePropertyRowMapper`: +800 ns a row (one row alone: +750 ns), 160% of the page "
					+ "read, 10% of the copy.")
			.contains("Verdict for `RecordRowMapper`: kept");
	}

	private static String keyCase(String method, String key, double score, double error) {
		return """
				{"benchmark": "io.github.phasedmigration.benchmarks.jmh.KeyExpressionBenchmark.%s", "params": {"key": "%s"},
				 "primaryMetric": {"score": %s, "scoreError": %s, "scorePercentiles": {}}}""".formatted(method, key, score,
				error);
	}

	private static String rowMapperCase(String method, double score, double error) {
		return """
				{"benchmark": "io.github.phasedmigration.benchmarks.jmh.RowMapperBenchmark.%s",
				 "primaryMetric": {"score": %s, "scoreError": %s, "scorePercentiles": {}}}""".formatted(method, score, error);
	}

	private static void writeOtherResults(Path results) throws Exception {
		Files.writeString(results.resolve("load.json"), """
				{"path": "/quotes", "connections": 16, "measureSeconds": 30, "modes": {
				  "OLD": {"requestsPerSecond": 1000.0, "p50Micros": 5000, "p99Micros": 8000, "errors": 0, "rejectedSecondaries": 0},
				  "SHADOW": {"requestsPerSecond": 950.0, "p50Micros": 5100, "p99Micros": 9600, "errors": 0, "rejectedSecondaries": 3}}}
				""");
		Files.writeString(results.resolve("memory.json"), """
				{"discrepancies": {"discrepancies": 1000000, "keptSamples": 50, "usedHeapBeforeBytes": 10485760,
				   "usedHeapAfterBytes": 11534336, "retainedGrowthBytes": 1048576},
				 "hangingSecondary": {"calls": 10000, "poolThreads": 4, "threadsBefore": 10, "peakThreads": 15,
				   "timeouts": 4, "rejected": 9996, "slowestCallerMicros": 900}}
				""");
	}

}
