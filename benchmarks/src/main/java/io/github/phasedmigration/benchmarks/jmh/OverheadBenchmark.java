package io.github.phasedmigration.benchmarks.jmh;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.autoconfigure.replay.MigrationKeyExpression;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.Computer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.FullRolloutOldComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.NewModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.OldModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.ReverseShadowModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.SampledShadowComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.ShadowModeComputer;
import io.github.phasedmigration.benchmarks.jmh.TrivialImplementations.StickyCanaryComputer;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.engine.MigrationCall;
import io.github.phasedmigration.core.engine.ModeResolver;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.rollout.Bucketing;
import io.github.phasedmigration.core.rollout.Percentage;
import io.github.phasedmigration.core.rollout.Rollout;

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
 * to tell the interception's cost from the per-call timer's;</li>
 * <li>{@code phasedOldFullRollout}: OLD with {@code percentage: 100} set explicitly, the uniform
 * rollout: no key evaluated, no hash;</li>
 * <li>{@code phasedStickyCanary}: NEW at 50%, sticky by the migration key {@code #x}; the
 * argument's bucket is in the canary, so every call runs NEW, as {@code phasedNew} does, after
 * evaluating the key and hashing it: the difference between the two is the decision's cost;</li>
 * <li>{@code phasedShadowSampled}: SHADOW with {@code sample-rate: 0.1}, no key: one read in ten
 * (chosen at random) runs its secondary, the others run as OLD;</li>
 * <li>{@code decisionUniform}, {@code decisionStickyCanary}: the mode resolver alone
 * ({@code ModeResolver.resolve}, the context's bean) on a call built once, with the migration key
 * compiled as the starter compiles it, for the full-rollout and the sticky canary's migration.</li>
 * </ul>
 *
 * The registry is Prometheus's, percentile histogram on (the default of
 * {@code migration.metrics.percentiles-histogram}), as a service that the project's dashboard
 * watches has it.
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

	private FullRolloutOldComputer oldFullRollout;

	private StickyCanaryComputer stickyCanary;

	private SampledShadowComputer shadowSampled;

	private ModeResolver resolver;

	private Migration fullRolloutMigration;

	private Migration stickyCanaryMigration;

	private MigrationCall keyedCall;

	@Setup(Level.Trial)
	public void startContext() throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("migration.instances.trivial-old.mode", "old");
		properties.put("migration.instances.trivial-shadow.mode", "shadow");
		properties.put("migration.instances.trivial-reverse-shadow.mode", "reverse-shadow");
		properties.put("migration.instances.trivial-new.mode", "new");
		properties.put("migration.instances.trivial-old-full-rollout.mode", "old");
		properties.put("migration.instances.trivial-old-full-rollout.percentage", "100");
		properties.put("migration.instances.trivial-sticky-canary.mode", "new");
		properties.put("migration.instances.trivial-sticky-canary.percentage", "50");
		properties.put("migration.instances.trivial-shadow-sampled.mode", "shadow");
		properties.put("migration.instances.trivial-shadow-sampled.sample-rate", "0.1");
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
		this.oldFullRollout = BenchmarkSupport.interceptedBean(this.context, FullRolloutOldComputer.class);
		this.stickyCanary = BenchmarkSupport.interceptedBean(this.context, StickyCanaryComputer.class);
		this.shadowSampled = BenchmarkSupport.interceptedBean(this.context, SampledShadowComputer.class);
		MigrationRegistry registry = this.context.getBean(MigrationRegistry.class);
		this.fullRolloutMigration = registry.find("trivial-old-full-rollout").orElseThrow();
		this.stickyCanaryMigration = registry.find("trivial-sticky-canary").orElseThrow();
		this.resolver = this.context.getBean(ModeResolver.class);
		MigrationKeyExpression key = MigrationKeyExpression.compile("#x",
				StickyCanaryComputer.class.getMethod("compute", long.class), StickyCanaryComputer.class);
		Invoker invoker = () -> TrivialImplementations.compute(this.x);
		this.keyedCall = new MigrationCall("StickyCanaryComputer.compute(long)", new Object[] { this.x },
				MigrationKind.READ, false, invoker, invoker, null, null, key::key);
		checkRollouts(registry);
		long expected = TrivialImplementations.compute(this.x);
		BenchmarkSupport.check(direct() == expected && emptyAspect() == expected && phasedOld() == expected
				&& phasedShadow() == expected && phasedReverseShadow() == expected && phasedNew() == expected
				&& phasedOldFullRollout() == expected && phasedStickyCanary() == expected
				&& phasedShadowSampled() == expected, "an implementation computes something else");
		BenchmarkSupport.check(decisionUniform() == MigrationMode.OLD && decisionStickyCanary() == MigrationMode.NEW,
				"the mode resolver decides otherwise than the cases assume");
		Migration canary = this.stickyCanaryMigration;
		BenchmarkSupport.check(canary.counters().calls(Impl.NEW) == 1 && canary.counters().calls(Impl.OLD) == 0,
				"the sticky canary's call did not run NEW alone");
		String scrape = this.context.getBean(PrometheusMeterRegistry.class).scrape();
		BenchmarkSupport.check(scrape.lines()
			.anyMatch((line) -> line.startsWith("migration_calls_seconds_bucket{")
					&& line.contains("migration=\"trivial-old\"")),
				"the per-call timer's histogram is not published: the benchmark would not measure it");
	}

	/** The rollouts as the cases assume them: fails the trial when the properties did not reach them. */
	private void checkRollouts(MigrationRegistry registry) {
		BenchmarkSupport.check(this.fullRolloutMigration.rollout().isUniform()
				&& this.fullRolloutMigration.rollout().mode() == MigrationMode.OLD,
				"trivial-old-full-rollout is not a uniform OLD rollout: " + this.fullRolloutMigration.rollout());
		Rollout canary = this.stickyCanaryMigration.rollout();
		BenchmarkSupport.check(canary.mode() == MigrationMode.NEW && canary.basisPoints() == Percentage.FULL / 2,
				"trivial-sticky-canary is not NEW at 50%: " + canary);
		BenchmarkSupport.check(Bucketing.canaryBucket(canary.salt(), Long.toString(this.x)) < canary.basisPoints(),
				"the argument's bucket is not in the canary: the case would not run NEW");
		Rollout sampled = registry.find("trivial-shadow-sampled").orElseThrow().rollout();
		BenchmarkSupport.check(sampled.mode() == MigrationMode.SHADOW && sampled.sampleBasisPoints() == Percentage.FULL / 10
				&& sampled.basisPoints() == Percentage.FULL, "trivial-shadow-sampled is not SHADOW sampled at 0.1: "
						+ sampled);
	}


	@TearDown(Level.Trial)
	public void closeContext(BenchmarkParams params) {
		if (this.context != null) {
			BenchmarkSupport.printSecondaries(this.context, params,
					Map.of("phasedShadow", "trivial-shadow", "phasedReverseShadow", "trivial-reverse-shadow",
							"phasedShadowSampled", "trivial-shadow-sampled"));
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

	@Benchmark
	public long phasedOldFullRollout() {
		return this.oldFullRollout.compute(this.x);
	}

	@Benchmark
	public long phasedStickyCanary() {
		return this.stickyCanary.compute(this.x);
	}

	@Benchmark
	public long phasedShadowSampled() {
		return this.shadowSampled.compute(this.x);
	}

	@Benchmark
	public MigrationMode decisionUniform() {
		return this.resolver.resolve(this.fullRolloutMigration, this.keyedCall);
	}

	@Benchmark
	public MigrationMode decisionStickyCanary() {
		return this.resolver.resolve(this.stickyCanaryMigration, this.keyedCall);
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
