package io.github.phasedmigration.benchmarks.jmh;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.Computer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.NewModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.OldModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.ReverseShadowModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.ShadowModeComputer;

/**
 * What the machinery costs, in nanoseconds per call, with implementations that cost next to
 * nothing ({@code x * 31 + 7} on both sides):
 *
 * <ul>
 * <li>{@code direct}: the plain target bean, no proxy: the floor;</li>
 * <li>{@code emptyAspect}: the same bean behind a Spring AOP proxy whose {@code @Around} advice
 * only proceeds: the least any annotation-driven approach costs;</li>
 * <li>{@code phasedOld}, {@code phasedShadow}, {@code phasedReverseShadow}, {@code phasedNew}:
 * {@code @PhasedMigration} in each mode, one migration per mode, metrics on;</li>
 * <li>{@code phasedOldWithoutMetrics}: OLD in a context with {@code migration.metrics.enabled=false},
 * to tell the interception's cost from the per-call timer's.</li>
 * </ul>
 *
 * In SHADOW and REVERSE_SHADOW every call hands a secondary and then a comparison to the
 * starter's pool (default 4 threads, queue raised to 10000). The benchmark thread calls in a
 * saturating loop, far faster than any service would, so the pool can fall behind and reject
 * secondaries (counted as {@code rejected}, the caller unharmed): that is part of the cost model,
 * as is the pool's work competing with the caller for the machine's cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", BenchmarkSupport.NO_SHUTDOWN_WAIT })
@State(Scope.Benchmark)
public class OverheadBenchmark {

	/** The argument; a field, so that the JIT cannot fold the computation into a constant. */
	private long x = 42;

	private ConfigurableApplicationContext context;

	private Computer target;

	private Computer proxied;

	private OldModeComputer old;

	private ShadowModeComputer shadow;

	private ReverseShadowModeComputer reverseShadow;

	private NewModeComputer neu;

	@Setup(Level.Trial)
	public void startContext() throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("migration.instances.trivial-old.mode", "old");
		properties.put("migration.instances.trivial-shadow.mode", "shadow");
		properties.put("migration.instances.trivial-reverse-shadow.mode", "reverse-shadow");
		properties.put("migration.instances.trivial-new.mode", "new");
		properties.put("migration.executor.queue-capacity", 10_000);
		this.context = BenchmarkSupport.startContext(OverheadConfiguration.class, properties);
		this.proxied = this.context.getBean(Computer.class);
		BenchmarkSupport.check(AopUtils.isAopProxy(this.proxied), "the empty aspect does not apply: no proxy");
		this.target = (Computer) ((Advised) this.proxied).getTargetSource().getTarget();
		BenchmarkSupport.check(this.target != null && !AopUtils.isAopProxy(this.target), "no plain target");
		this.old = BenchmarkSupport.interceptedBean(this.context, OldModeComputer.class);
		this.shadow = BenchmarkSupport.interceptedBean(this.context, ShadowModeComputer.class);
		this.reverseShadow = BenchmarkSupport.interceptedBean(this.context, ReverseShadowModeComputer.class);
		this.neu = BenchmarkSupport.interceptedBean(this.context, NewModeComputer.class);
		long expected = TrivialImplementations.compute(this.x);
		BenchmarkSupport.check(direct() == expected && emptyAspect() == expected && phasedOld() == expected
				&& phasedShadow() == expected && phasedReverseShadow() == expected && phasedNew() == expected,
				"an implementation computes something else");
	}


	@TearDown(Level.Trial)
	public void closeContext(BenchmarkParams params) {
		if (this.context != null) {
			BenchmarkSupport.printSecondaries(this.context, params,
					Map.of("phasedShadow", "trivial-shadow", "phasedReverseShadow", "trivial-reverse-shadow"));
			this.context.close();
		}
	}

	@Benchmark
	public long direct() {
		return this.target.compute(this.x);
	}

	@Benchmark
	public long emptyAspect() {
		return this.proxied.compute(this.x);
	}

	@Benchmark
	public long phasedOld() {
		return this.old.compute(this.x);
	}

	@Benchmark
	public long phasedShadow() {
		return this.shadow.compute(this.x);
	}

	@Benchmark
	public long phasedReverseShadow() {
		return this.reverseShadow.compute(this.x);
	}

	@Benchmark
	public long phasedNew() {
		return this.neu.compute(this.x);
	}

	/** OLD without Micrometer: its own context, with {@code migration.metrics.enabled=false}. */
	@State(Scope.Benchmark)
	public static class WithoutMetrics {

		private ConfigurableApplicationContext context;

		private OldModeComputer old;

		@Setup(Level.Trial)
		public void startContext() {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("migration.instances.trivial-old.mode", "old");
			properties.put("migration.metrics.enabled", false);
			this.context = BenchmarkSupport.startContext(OverheadConfiguration.class, properties);
			this.old = BenchmarkSupport.interceptedBean(this.context, OldModeComputer.class);
		}

		@TearDown(Level.Trial)
		public void closeContext() {
			this.context.close();
		}

	}

	@Benchmark
	public long phasedOldWithoutMetrics(WithoutMetrics withoutMetrics) {
		return withoutMetrics.old.compute(this.x);
	}

}
