package io.github.phasedmigration.benchmarks.jmh;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.Computer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.NewComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.NewModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.OldModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.ReverseShadowModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.ShadowModeComputer;

/**
 * The application of {@link OverheadBenchmark}: the starter's auto-configuration as a service gets
 * it, metrics included (a {@link MeterRegistry} bean switches on the starter's Micrometer
 * listener, as Actuator's registry would in a service), plus the empty aspect.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
// no database here: the journal benchmark puts a connection pool on the classpath, which would make
// Spring Boot build a DataSource without a URL
@EnableAutoConfiguration(excludeName = BenchmarkSupport.DATA_SOURCE_AUTO_CONFIGURATION)
public class OverheadConfiguration {

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
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

}
