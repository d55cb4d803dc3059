package io.github.phasedmigration.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.github.phasedmigration.autoconfigure.backfill.MigrationBackfillAutoConfiguration;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpointAutoConfiguration;
import io.github.phasedmigration.autoconfigure.metrics.MigrationMetricsAutoConfiguration;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.registry.Migration;

/** The context runner of these tests: the auto-configurations of the module, with AOP. */
public final class MigrationRunners {

	private MigrationRunners() {
	}

	/**
	 * The auto-configurations of the module that need no DataSource, plus AOP proxying (the
	 * journal's come with {@code JournalFixtures.runner()}). The backfills' stays out of the way
	 * of applications without a {@code Backfill} bean.
	 */
	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class,
				PhasedMigrationAutoConfiguration.class, MigrationMetricsAutoConfiguration.class,
				MigrationsEndpointAutoConfiguration.class, MigrationBackfillAutoConfiguration.class));
	}

	/** Waits for secondaries and comparisons, which run off the caller's thread. */
	public static ConditionFactory eventually() {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
	}

	/** Comparisons of any result counted so far. */
	public static long totalComparisons(Migration migration) {
		return Arrays.stream(ComparisonResult.values()).mapToLong(migration.counters()::comparisons).sum();
	}

	/**
	 * What Boot would print for a start-up failure: the first analysis of the failure analyzers
	 * registered in {@code META-INF/spring.factories}, this module's included.
	 */
	public static @Nullable FailureAnalysis analyze(Throwable failure) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, beanFactory)
			.and(ConfigurableListableBeanFactory.class, beanFactory)
			.and(Environment.class, new StandardEnvironment());
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(MigrationRunners.class.getClassLoader())
			.load(FailureAnalyzer.class, arguments, FailureHandler.handleMessage((message, ex) -> {
				// an analyzer that needs more than these arguments is of no use here
			}));
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

	/** The first throwable of the given type in the cause chain. */
	public static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		throw new AssertionError("No " + type.getName() + " in the causes of " + failure, failure);
	}

}
