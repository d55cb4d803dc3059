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
				  "primaryMetric": {"score": 3000, "scoreError": 1, "scorePercentiles": {"50.0": 3060.0, "99.0": 3000.0}}}
				]
				""");
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
		Files.writeString(results.resolve("run.properties"),
				"date=2026-11-23T09:00Z\ncommit=abc1234\nmachine=2 cores\njava=openjdk 17\njmhArgs=-f 2\nloadArgs=16 connections\n");
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
			.contains("| threads before / at peak (pool of 4) | 10 / 15 |");
		assertThat(results.resolve("RESULTS.md")).exists();
	}

}
