package io.github.phasedmigration.benchmarks.jmh;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.Computer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.FullRolloutOldComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.NewComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.NewModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.OldModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.ReverseShadowModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.SampledShadowComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.ShadowModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.StickyCanaryComputer;

/**
 * The application of {@link OverheadBenchmark}: the starter's auto-configuration as a service gets
 * it, metrics included (a {@link MeterRegistry} bean switches on the starter's Micrometer
 * listener, as Actuator's registry would in a service), plus the empty aspect. The registry is
 * Prometheus's, as in a service that the project's dashboard and alerts watch: it keeps the
 * timer's percentile histogram (the {@code migration_calls_seconds_bucket} series), which a
 * {@code SimpleMeterRegistry} would drop, so its cost is measured too.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
// no database here: the journal benchmark puts a connection pool on the classpath, which would make
// Spring Boot build a DataSource without a URL
@EnableAutoConfiguration(excludeName = BenchmarkSupport.DATA_SOURCE_AUTO_CONFIGURATION)
public class OverheadConfiguration {

	@Bean
	PrometheusMeterRegistry meterRegistry() {
		return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
	}

	@Bean
	EmptyAroundAspect emptyAroundAspect() {
		return new EmptyAroundAspect();
	}

	@Bean
	Computer computer() {
		return new Computer();
	}

	@Bean
	NewComputer newComputer() {
		return new NewComputer();
	}

	@Bean
	OldModeComputer oldModeComputer() {
		return new OldModeComputer();
	}

	@Bean
	ShadowModeComputer shadowModeComputer() {
		return new ShadowModeComputer();
	}

	@Bean
	ReverseShadowModeComputer reverseShadowModeComputer() {
		return new ReverseShadowModeComputer();
	}

	@Bean
	NewModeComputer newModeComputer() {
		return new NewModeComputer();
	}

	@Bean
	FullRolloutOldComputer fullRolloutOldComputer() {
		return new FullRolloutOldComputer();
	}

	@Bean
	StickyCanaryComputer stickyCanaryComputer() {
		return new StickyCanaryComputer();
	}

	@Bean
	SampledShadowComputer sampledShadowComputer() {
		return new SampledShadowComputer();
	}

}
