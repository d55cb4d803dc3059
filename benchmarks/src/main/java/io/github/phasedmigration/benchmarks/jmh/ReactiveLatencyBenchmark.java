package io.github.phasedmigration.benchmarks.jmh;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.github.phasedmigration.benchmarks.jmh.ReactiveImplementations.NewReactiveSource;
import io.github.phasedmigration.benchmarks.jmh.ReactiveImplementations.OldModeReactiveSource;
import io.github.phasedmigration.benchmarks.jmh.ReactiveImplementations.OldReactiveSource;
import io.github.phasedmigration.benchmarks.jmh.ReactiveImplementations.ReverseShadowModeReactiveSource;
import io.github.phasedmigration.benchmarks.jmh.ReactiveImplementations.ShadowModeReactiveSource;

/**
 * The caller's latency distribution (SampleTime) of a method returning a {@code Mono}, old ~1 ms
 * and new ~2 ms as timers (no thread waits for them), in OLD, SHADOW and REVERSE_SHADOW against
 * old called directly. The benchmark thread subscribes and waits for the value, as a caller's
 * response would. SHADOW's question: does subscribing new in the background (from the pool, with
 * the timeout, collecting and comparing) add to the caller's latency? The target is SHADOW's p50
 * within 5% of OLD's, as for blocking methods in {@link LatencyBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", BenchmarkSupport.NO_SHUTDOWN_WAIT })
public class ReactiveLatencyBenchmark {

	static final long ID = 42;

	@State(Scope.Benchmark)
	public static class Phased {

		ConfigurableApplicationContext context;

		OldReactiveSource direct;

		OldModeReactiveSource old;

		ShadowModeReactiveSource shadow;

		ReverseShadowModeReactiveSource reverseShadow;

		@Setup(Level.Trial)
		public void startContext() {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("migration.instances.rx-old.mode", "old");
			properties.put("migration.instances.rx-shadow.mode", "shadow");
			properties.put("migration.instances.rx-shadow.timeout", "100ms");
			properties.put("migration.instances.rx-reverse-shadow.mode", "reverse-shadow");
			properties.put("migration.instances.rx-reverse-shadow.timeout", "100ms");
			properties.put("migration.executor.threads", BenchmarkSupport.SECONDARY_THREADS);
			properties.put("migration.executor.queue-capacity", 10_000);
			this.context = BenchmarkSupport.startContext(ReactiveLatencyConfiguration.class, properties);
			this.direct = new OldReactiveSource();
			this.old = BenchmarkSupport.interceptedBean(this.context, OldModeReactiveSource.class);
			this.shadow = BenchmarkSupport.interceptedBean(this.context, ShadowModeReactiveSource.class);
			this.reverseShadow = BenchmarkSupport.interceptedBean(this.context, ReverseShadowModeReactiveSource.class);
		}

		@TearDown(Level.Trial)
		public void closeContext(BenchmarkParams params) {
			if (this.context != null) {
				BenchmarkSupport.printSecondaries(this.context, params,
						Map.of("reactiveShadow", "rx-shadow", "reactiveReverseShadow", "rx-reverse-shadow"));
				this.context.close();
			}
		}

	}

	@Benchmark
	public Answer reactiveDirectOld(Phased phased) {
		return phased.direct.fetch(ID).block();
	}

	@Benchmark
	public Answer reactiveOld(Phased phased) {
		return phased.old.fetch(ID).block();
	}

	@Benchmark
	public Answer reactiveShadow(Phased phased) {
		return phased.shadow.fetch(ID).block();
	}

	@Benchmark
	public Answer reactiveReverseShadow(Phased phased) {
		return phased.reverseShadow.fetch(ID).block();
	}

	/** The starter's auto-configuration with metrics on, and the reactive implementations. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = BenchmarkSupport.DATA_SOURCE_AUTO_CONFIGURATION)
	public static class ReactiveLatencyConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		NewReactiveSource newReactiveSource() {
			return new NewReactiveSource();
		}

		@Bean
		OldModeReactiveSource oldModeReactiveSource() {
			return new OldModeReactiveSource();
		}

		@Bean
		ShadowModeReactiveSource shadowModeReactiveSource() {
			return new ShadowModeReactiveSource();
		}

		@Bean
		ReverseShadowModeReactiveSource reverseShadowModeReactiveSource() {
			return new ReverseShadowModeReactiveSource();
		}

	}

}
