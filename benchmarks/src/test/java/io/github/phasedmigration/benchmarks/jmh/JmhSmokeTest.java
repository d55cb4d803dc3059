package io.github.phasedmigration.benchmarks.jmh;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark of the package once, briefly and in this JVM, so that a benchmark that no
 * longer starts (a context that fails, a peer whose API moved) breaks the build instead of the
 * next benchmark run. The numbers mean nothing.
 */
class JmhSmokeTest {

	private static final String PACKAGE = "io.github.phasedmigration.benchmarks.jmh";

	@Test
	@Timeout(120)
	void everyBenchmarkRunsAndProducesAResult() throws RunnerException, IOException {
		// a benchmark run started by hand at the same time must not make this test fail
		System.setProperty("jmh.ignoreLock", "true");
		Set<String> declared = declaredBenchmarks();
		Options options = new OptionsBuilder().include(PACKAGE.replace(".", "\\.") + "\\..*")
			.forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(150))
			.threads(1)
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();

		Collection<RunResult> results = new Runner(options).run();

		assertThat(declared).hasSizeGreaterThanOrEqualTo(19);
		assertThat(results).hasSameSizeAs(declared);
		assertThat(results.stream().map((result) -> result.getParams().getBenchmark()).collect(Collectors.toSet()))
			.isEqualTo(declared);
		for (RunResult result : results) {
			double score = result.getPrimaryResult().getScore();
			assertThat(score).as(result.getParams().getBenchmark()).isNotNaN().isPositive();
			assertThat(result.getPrimaryResult().getSampleCount()).as(result.getParams().getBenchmark())
				.isPositive();
		}
	}

	/** The fully qualified names of the {@code @Benchmark} methods in the package's classes. */
	private static Set<String> declaredBenchmarks() throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		CachingMetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
		Set<String> names = new TreeSet<>();
		for (Resource resource : resolver.getResources("classpath*:" + PACKAGE.replace('.', '/') + "/*.class")) {
			MetadataReader reader = readers.getMetadataReader(resource);
			for (MethodMetadata method : reader.getAnnotationMetadata()
				.getAnnotatedMethods(Benchmark.class.getName())) {
				names.add(reader.getClassMetadata().getClassName() + "." + method.getMethodName());
			}
		}
		return names;
	}

}
