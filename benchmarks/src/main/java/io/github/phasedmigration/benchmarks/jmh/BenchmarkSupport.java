package io.github.phasedmigration.benchmarks.jmh;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

/** What the benchmarks share: quiet logs, the Spring contexts, the peers' pools. */
final class BenchmarkSupport {

	/** Threads of every pool that runs secondaries: ours (migration.executor.threads) and the peers' that take one. */
	static final int SECONDARY_THREADS = 16;

	/**
	 * Every benchmark's fork gets {@code -Djmh.shutdownTimeout=0} (identical JVM settings for all).
	 * Why: LaunchDarkly's {@code Migration} runs its parallel reads on an
	 * {@code Executors.newCachedThreadPool()} of its own, non-daemon, which no public method shuts
	 * down; its idle threads live 60 s, so JMH would wait its default 30 s after each of those forks
	 * before forcing the exit. The results are already reported by then; the flag only skips the
	 * wait. Every other pool here is made of daemon threads and closed in a {@code @TearDown}.
	 */
	static final String NO_SHUTDOWN_WAIT = "-Djmh.shutdownTimeout=0";

	/** Spring Boot's DataSource auto-configuration, left out of the applications that have no database. */
	static final String DATA_SOURCE_AUTO_CONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	private BenchmarkSupport() {
	}

	/**
	 * Logs at WARN from the start of the benchmark JVM, for every tool alike: Logback's default
	 * before any configuration is DEBUG to the console, and shadow-tool logs one INFO line per call.
	 * Spring Boot then applies {@code logging.level.root=WARN} when a context starts.
	 */
	static void quietLogs() {
		if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
			root.setLevel(Level.WARN);
		}
	}

	/** Raises one logger to ERROR (see the LaunchDarkly state of {@link LatencyBenchmark}). */
	static void onlyErrors(String loggerName) {
		quietLogs();
		if (LoggerFactory.getLogger(loggerName) instanceof Logger logger) {
			logger.setLevel(Level.ERROR);
		}
	}

	/**
	 * Starts a Spring Boot application without a web server, without banner, logging at WARN.
	 * @param configuration the {@code @SpringBootConfiguration} class
	 * @param properties {@code migration.*} and any other properties, as on the command line
	 */
	static ConfigurableApplicationContext startContext(Class<?> configuration, Map<String, Object> properties) {
		quietLogs();
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(Map.of("logging.level.root", "WARN"))
			.properties(properties)
			.run();
	}

	/**
	 * Prints how the secondaries of the benchmark's migration ended over the trial (warm-up
	 * included), e.g. {@code [trivial-shadow] secondaries: match=81234 mismatch=0 timeout=0
	 * rejected=1203 error=0}, so that a run's log shows how many were rejected or timed out behind
	 * its numbers. JMH copies a fork's standard output into its own.
	 * @param migrationsByMethod the migration of each benchmark method that has secondaries
	 */
	static void printSecondaries(ConfigurableApplicationContext context, BenchmarkParams params,
			Map<String, String> migrationsByMethod) {
		String benchmark = params.getBenchmark();
		String migration = migrationsByMethod.get(benchmark.substring(benchmark.lastIndexOf('.') + 1));
		if (migration == null) {
			return;
		}
		context.getBean(MigrationRegistry.class).find(migration).map(Migration::counters).ifPresent((counters) -> {
			String counts = String.join(" ", Arrays.stream(ComparisonResult.values())
				.map((result) -> result.tag() + "=" + counters.comparisons(result))
				.toList());
			System.out.println("[" + migration + "] secondaries: " + counts);
		});
	}

	/**
	 * A fixed pool of daemon threads with an unbounded queue, for the peers that accept an
	 * executor, so that their pool is no smaller than ours.
	 */
	static ExecutorService daemonPool(String prefix, int threads) {
		AtomicInteger counter = new AtomicInteger();
		return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	static void shutdown(ExecutorService pool) {
		if (pool == null) {
			return;
		}
		pool.shutdown();
		try {
			if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
				pool.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			pool.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	/** The bean of that type, which must be behind an AOP proxy: a benchmark of an unproxied bean would lie. */
	static <T> T interceptedBean(ConfigurableApplicationContext context, Class<T> type) {
		T bean = context.getBean(type);
		check(AopUtils.isAopProxy(bean), type.getSimpleName() + " is not intercepted");
		return bean;
	}

	/** Fails the trial when a benchmark would measure the wrong thing. */
	static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException(message);
		}
	}

}
