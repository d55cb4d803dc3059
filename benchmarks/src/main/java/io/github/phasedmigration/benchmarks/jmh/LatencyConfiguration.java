package io.github.phasedmigration.benchmarks.jmh;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.github.phasedmigration.benchmarks.jmh.IoImplementations.NewModeSource;
import io.github.phasedmigration.benchmarks.jmh.IoImplementations.NewSource;
import io.github.phasedmigration.benchmarks.jmh.IoImplementations.OldModeSource;
import io.github.phasedmigration.benchmarks.jmh.IoImplementations.ReverseShadowModeSource;
import io.github.phasedmigration.benchmarks.jmh.IoImplementations.ShadowModeSource;

/**
 * The application of {@link LatencyBenchmark}'s {@code phased*} cases: the starter's
 * auto-configuration with metrics on, and the I/O-like implementations.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
// no database here: the journal benchmark puts a connection pool on the classpath, which would make
// Spring Boot build a DataSource without a URL
@EnableAutoConfiguration(excludeName = BenchmarkSupport.DATA_SOURCE_AUTO_CONFIGURATION)
public class LatencyConfiguration {

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	NewSource newSource() {
		return new NewSource();
	}

	@Bean
	OldModeSource oldModeSource() {
		return new OldModeSource();
	}

	@Bean
	ShadowModeSource shadowModeSource() {
		return new ShadowModeSource();
	}

	@Bean
	ReverseShadowModeSource reverseShadowModeSource() {
		return new ReverseShadowModeSource();
	}

	@Bean
	NewModeSource newModeSource() {
		return new NewModeSource();
	}

}
