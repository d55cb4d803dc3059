package io.github.phasedmigration.benchmarks.jmh;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReader;

import io.github.phasedmigration.benchmarks.journal.BenchmarkDatabase;
import io.github.phasedmigration.benchmarks.journal.ReplayRun;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark of the package once, briefly and in this JVM, so that a benchmark that no
 * longer starts (a context that fails, a peer whose API moved) breaks the build instead of the
 * next benchmark run. The numbers mean nothing.
 *
 * <p>{@link JournalBenchmark} and the replay run ({@link ReplayRun}) need PostgreSQL, found as
 * {@link BenchmarkDatabase} says. When it cannot be reached, their test is skipped with a message
 * saying why and how to provide one; with the environment variable {@code CI=true} it fails
 * instead, so that a build server cannot pass without having run them (the rule of the journal
 * module's {@code RealDatabases}).
 */
class JmhSmokeTest {

	private static final String PACKAGE = "io.github.phasedmigration.benchmarks.jmh";

	private static final String JOURNAL = JournalBenchmark.class.getName();

	@Test
	@Timeout(120)
	void everyBenchmarkRunsAndProducesAResult() throws RunnerException, IOException {
		Set<String> declared = declaredBenchmarks();
		declared.removeIf((name) -> name.startsWith(JOURNAL + "."));
		Collection<RunResult> results = run(briefly().include(PACKAGE.replace(".", "\\.") + "\\..*")
			.exclude(JOURNAL.replace(".", "\\.") + "\\..*"));

		assertThat(declared).hasSizeGreaterThanOrEqualTo(19);
		assertRanAll(declared, results);
	}

	@Test
	@Timeout(180)
	void theJournalBenchmarkRunsOnPostgreSQL() throws Exception {
		String problem = BenchmarkDatabase.problem();
		if (problem != null) {
			if ("true".equals(System.getenv("CI"))) {
				Assertions.fail(problem + ". CI=true: a missing database fails the build instead of skipping.");
			}
			Assumptions.abort(problem + ". Skipped; CI=true makes this a failure.");
		}
		Set<String> declared = declaredBenchmarks();
		declared.removeIf((name) -> !name.startsWith(JOURNAL + "."));
		Collection<RunResult> results = run(briefly().include(JOURNAL.replace(".", "\\.") + "\\..*"));

		assertThat(declared).hasSizeGreaterThanOrEqualTo(4);
		assertRanAll(declared, results);

		// the replay throughput run, one small drain (the full run replays 20,000 entries a drain)
		Map<String, Object> replay = ReplayRun.run(300, 0, 1);
		assertThat(replay).containsEntry("entries", 300).containsEntry("batchSize", 100);
		assertThat((Double) replay.get("medianEntriesPerSecond")).isPositive();
	}

	private static ChainedOptionsBuilder briefly() {
		// a benchmark run started by hand at the same time must not make this test fail
		System.setProperty("jmh.ignoreLock", "true");
		return new OptionsBuilder().forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(150))
			.threads(1)
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT);
	}

	private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
		return new Runner(options.build()).run();
	}

	private static void assertRanAll(Set<String> declared, Collection<RunResult> results) {
		// a benchmark with @Param values runs once per value
		assertThat(results).hasSizeGreaterThanOrEqualTo(declared.size());
		assertThat(results.stream().map((result) -> result.getParams().getBenchmark()).collect(Collectors.toSet()))
			.isEqualTo(declared);
		for (RunResult result : results) {
			double score = result.getPrimaryResult().getScore();
			assertThat(score).as(result.getParams().getBenchmark()).isNotNaN().isPositive();
			assertThat(result.getPrimaryResult().getSampleCount()).as(result.getParams().getBenchmark())
				.isPositive();
		}
	}

	/**
	 * The fully qualified names of the {@code @Benchmark} methods in the package's classes, as JMH
	 * names them: a method of a {@code @Group} by its group.
	 */
	private static Set<String> declaredBenchmarks() throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		CachingMetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
		Set<String> names = new TreeSet<>();
		for (Resource resource : resolver.getResources("classpath*:" + PACKAGE.replace('.', '/') + "/*.class")) {
			MetadataReader reader = readers.getMetadataReader(resource);
			for (MethodMetadata method : reader.getAnnotationMetadata()
				.getAnnotatedMethods(Benchmark.class.getName())) {
				Map<String, Object> group = method.getAnnotationAttributes(Group.class.getName());
				names.add(reader.getClassMetadata().getClassName() + "."
						+ ((group != null) ? group.get("value") : method.getMethodName()));
			}
		}
		return names;
	}

}
