package io.github.phasedmigration.benchmarks.jmh;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import com.github.rawls238.scientist4j.Experiment;
import com.github.rawls238.scientist4j.ExperimentBuilder;
import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.server.LDClient;
import com.launchdarkly.sdk.server.LDConfig;
import com.launchdarkly.sdk.server.MigrationOrigin;
import com.launchdarkly.sdk.server.MigrationStage;
import com.launchdarkly.sdk.server.migrations.Migration;
import com.launchdarkly.sdk.server.migrations.MigrationBuilder;
import com.launchdarkly.sdk.server.migrations.MigrationExecution;
import com.launchdarkly.sdk.server.migrations.MigrationMethodResult;
import io.github.rabobank.shadow_tool.ShadowFlow;
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
import org.springframework.context.ConfigurableApplicationContext;

import io.github.phasedmigration.benchmarks.jmh.IoImplementations.NewModeSource;
import io.github.phasedmigration.benchmarks.jmh.IoImplementations.NewSource;
import io.github.phasedmigration.benchmarks.jmh.IoImplementations.OldModeSource;
import io.github.phasedmigration.benchmarks.jmh.IoImplementations.OldSource;
import io.github.phasedmigration.benchmarks.jmh.IoImplementations.ReverseShadowModeSource;
import io.github.phasedmigration.benchmarks.jmh.IoImplementations.ShadowModeSource;

/**
 * The caller's latency distribution (SampleTime: p50, p99...) with I/O-like implementations, old
 * ~1 ms and new ~2 ms (parking), for the starter in its four modes and for its peers doing the
 * same job, in the same run and with the same JVM settings. One caller thread; every tool that
 * runs the other side on a pool of its own choosing gets {@value BenchmarkSupport#SECONDARY_THREADS}
 * threads, so that the pool is never the bottleneck.
 *
 * <ul>
 * <li>{@code directOld}: old called directly, the baseline;</li>
 * <li>{@code phasedOld}, {@code phasedShadow}, {@code phasedReverseShadow}, {@code phasedNew}:
 * {@code @PhasedMigration} in each mode, secondary timeout 100 ms, 16 pool threads;</li>
 * <li>Scientist4J ({@code Experiment}, comparator {@code equals}): {@code scientistShadow} =
 * {@code run(control = old, candidate = new)}, sequential on the caller's thread in random
 * order, the caller waits for both; {@code scientistAsyncShadow} = {@code runAsync(old, new)},
 * both submitted to the experiment's pool, the caller waits for the control only and the
 * comparison runs on the pool; {@code scientistServeNew} and {@code scientistAsyncServeNew}: the
 * same with control = new, candidate = old;</li>
 * <li>Rabobank shadow-tool ({@code ShadowFlow}, 100% of calls shadowed, Javers comparison):
 * {@code shadowToolShadow} = {@code compare(current = old, new = new)}: current on the caller's
 * thread, then new and the comparison on the flow's pool, the caller does not wait for them;
 * {@code shadowToolServeNew} = {@code compare(current = new, new = old)};</li>
 * <li>LaunchDarkly server SDK's migration API, offline, the stage fixed by the default passed to
 * {@code Migration.read} (offline, the flag evaluates to that default), read execution
 * {@code MigrationExecution.Parallel()} (the API's alternative is {@code Serial}, one after the
 * other): both reads run on the SDK's own pool, the caller waits for both, then the consistency
 * check runs on the caller's thread; {@code launchDarklyShadow} = stage SHADOW (old
 * authoritative, new compared), {@code launchDarklyServeNew} = stage LIVE (new authoritative,
 * old compared).</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", BenchmarkSupport.NO_SHUTDOWN_WAIT })
public class LatencyBenchmark {

	static final long ID = 42;

	// ---- the starter

	@State(Scope.Benchmark)
	public static class Phased {

		ConfigurableApplicationContext context;

		OldSource direct;

		OldModeSource old;

		ShadowModeSource shadow;

		ReverseShadowModeSource reverseShadow;

		NewModeSource neu;

		@Setup(Level.Trial)
		public void startContext() {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("migration.instances.io-old.mode", "old");
			properties.put("migration.instances.io-shadow.mode", "shadow");
			properties.put("migration.instances.io-shadow.timeout", "100ms");
			properties.put("migration.instances.io-reverse-shadow.mode", "reverse-shadow");
			properties.put("migration.instances.io-reverse-shadow.timeout", "100ms");
			properties.put("migration.instances.io-new.mode", "new");
			properties.put("migration.executor.threads", BenchmarkSupport.SECONDARY_THREADS);
			properties.put("migration.executor.queue-capacity", 10_000);
			this.context = BenchmarkSupport.startContext(LatencyConfiguration.class, properties);
			this.direct = new OldSource();
			this.old = BenchmarkSupport.interceptedBean(this.context, OldModeSource.class);
			this.shadow = BenchmarkSupport.interceptedBean(this.context, ShadowModeSource.class);
			this.reverseShadow = BenchmarkSupport.interceptedBean(this.context, ReverseShadowModeSource.class);
			this.neu = BenchmarkSupport.interceptedBean(this.context, NewModeSource.class);
		}


		@TearDown(Level.Trial)
		public void closeContext(BenchmarkParams params) {
			if (this.context != null) {
				BenchmarkSupport.printSecondaries(this.context, params,
						Map.of("phasedShadow", "io-shadow", "phasedReverseShadow", "io-reverse-shadow"));
				this.context.close();
			}
		}

	}

	@Benchmark
	public Answer directOld(Phased phased) {
		return phased.direct.fetch(ID);
	}

	@Benchmark
	public Answer phasedOld(Phased phased) {
		return phased.old.fetch(ID);
	}

	@Benchmark
	public Answer phasedShadow(Phased phased) {
		return phased.shadow.fetch(ID);
	}

	@Benchmark
	public Answer phasedReverseShadow(Phased phased) {
		return phased.reverseShadow.fetch(ID);
	}

	@Benchmark
	public Answer phasedNew(Phased phased) {
		return phased.neu.fetch(ID);
	}

	// ---- Scientist4J

	@State(Scope.Benchmark)
	public static class Scientist {

		final OldSource old = new OldSource();

		final NewSource neu = new NewSource();

		ExecutorService pool;

		Experiment<Answer> shadow;

		Experiment<Answer> serveNew;

		@Setup(Level.Trial)
		public void buildExperiments() {
			BenchmarkSupport.quietLogs();
			// its default pool is a fixed pool of 2 (non-daemon) threads per experiment: give it as many as ours
			this.pool = BenchmarkSupport.daemonPool("scientist-", BenchmarkSupport.SECONDARY_THREADS);
			this.shadow = new ExperimentBuilder<Answer>().withName("io-scientist-shadow")
				.withExecutorService(this.pool)
				.build();
			this.serveNew = new ExperimentBuilder<Answer>().withName("io-scientist-serve-new")
				.withExecutorService(this.pool)
				.build();
		}

		@TearDown(Level.Trial)
		public void stopPool() {
			BenchmarkSupport.shutdown(this.pool);
		}

	}

	@Benchmark
	public Answer scientistShadow(Scientist scientist) throws Exception {
		return scientist.shadow.run(() -> scientist.old.fetch(ID), () -> scientist.neu.fetch(ID));
	}

	@Benchmark
	public Answer scientistAsyncShadow(Scientist scientist) throws Exception {
		return scientist.shadow.runAsync(() -> scientist.old.fetch(ID), () -> scientist.neu.fetch(ID));
	}

	@Benchmark
	public Answer scientistServeNew(Scientist scientist) throws Exception {
		return scientist.serveNew.run(() -> scientist.neu.fetch(ID), () -> scientist.old.fetch(ID));
	}

	@Benchmark
	public Answer scientistAsyncServeNew(Scientist scientist) throws Exception {
		return scientist.serveNew.runAsync(() -> scientist.neu.fetch(ID), () -> scientist.old.fetch(ID));
	}

	// ---- Rabobank shadow-tool

	@State(Scope.Benchmark)
	public static class ShadowTool {

		final OldSource old = new OldSource();

		final NewSource neu = new NewSource();

		ExecutorService pool;

		ShadowFlow<Answer> shadow;

		ShadowFlow<Answer> serveNew;

		@Setup(Level.Trial)
		public void buildFlows() {
			BenchmarkSupport.quietLogs();
			// its default pool is an unbounded cached pool of non-daemon threads: give it as many as ours
			this.pool = BenchmarkSupport.daemonPool("shadow-tool-", BenchmarkSupport.SECONDARY_THREADS);
			this.shadow = new ShadowFlow.ShadowFlowBuilder<Answer>(100).withExecutor(this.pool)
				.withInstanceName("io-shadow-tool-shadow")
				.build();
			this.serveNew = new ShadowFlow.ShadowFlowBuilder<Answer>(100).withExecutor(this.pool)
				.withInstanceName("io-shadow-tool-serve-new")
				.build();
		}

		@TearDown(Level.Trial)
		public void stopPool() {
			BenchmarkSupport.shutdown(this.pool);
		}

	}

	@Benchmark
	public Answer shadowToolShadow(ShadowTool tool) {
		return tool.shadow.compare(() -> tool.old.fetch(ID), () -> tool.neu.fetch(ID));
	}

	@Benchmark
	public Answer shadowToolServeNew(ShadowTool tool) {
		return tool.serveNew.compare(() -> tool.neu.fetch(ID), () -> tool.old.fetch(ID));
	}

	// ---- LaunchDarkly's migration API

	@State(Scope.Benchmark)
	public static class LaunchDarkly {

		static final String FLAG_KEY = "io-launchdarkly";

		static final String EVALUATION_LOGGER = "com.launchdarkly.sdk.server.LDClient.Evaluation";

		final OldSource old = new OldSource();

		final NewSource neu = new NewSource();

		final LDContext user = LDContext.create("benchmark");

		LDClient client;

		Migration<Answer, Long, Long, Long> migration;

		@Setup(Level.Trial)
		public void startClient() {
			BenchmarkSupport.quietLogs();
			// Offline, this SDK version logs a WARN on every evaluation ("Evaluation called before
			// client initialized ... returning default value") although isInitialized() is true: an
			// artefact of offline mode that a connected client does not have. The SDK logs through
			// SLF4J like everything else here, and ignores its own level setting then, so that one
			// logger is raised to ERROR in Logback.
			BenchmarkSupport.onlyErrors(EVALUATION_LOGGER);
			// offline: no connection, no events; every flag evaluates to the default passed in
			this.client = new LDClient("offline-benchmark", new LDConfig.Builder().offline(true).build());
			this.migration = new MigrationBuilder<Answer, Long, Long, Long>(this.client)
				.readExecution(MigrationExecution.Parallel())
				.read((Long id) -> MigrationMethodResult.Success(this.old.fetch(id)),
						(Long id) -> MigrationMethodResult.Success(this.neu.fetch(id)),
						(Answer fromOld, Answer fromNew) -> fromOld.equals(fromNew))
				// writes are required by the builder, never called here
				.write((Long id) -> MigrationMethodResult.Success(id), (Long id) -> MigrationMethodResult.Success(id))
				.build()
				.orElseThrow(() -> new IllegalStateException("incomplete LaunchDarkly migration"));
			// offline, the stage must be the default passed in: SHADOW serves old, LIVE serves new
			BenchmarkSupport.check(this.migration.read(FLAG_KEY, this.user, MigrationStage.SHADOW, ID)
				.getOrigin() == MigrationOrigin.OLD, "LaunchDarkly's SHADOW stage does not serve old");
			BenchmarkSupport.check(this.migration.read(FLAG_KEY, this.user, MigrationStage.LIVE, ID)
				.getOrigin() == MigrationOrigin.NEW, "LaunchDarkly's LIVE stage does not serve new");
		}

		Answer read(MigrationStage stage) {
			Migration.MigrationResult<Answer> result = this.migration.read(FLAG_KEY, this.user, stage, ID);
			if (!result.isSuccess()) {
				throw new IllegalStateException("LaunchDarkly read failed", result.getException().orElse(null));
			}
			return result.getResult().orElseThrow();
		}

		@TearDown(Level.Trial)
		public void closeClient() throws IOException {
			if (this.client != null) {
				this.client.close();
			}
		}

	}

	@Benchmark
	public Answer launchDarklyShadow(LaunchDarkly launchDarkly) {
		return launchDarkly.read(MigrationStage.SHADOW);
	}

	@Benchmark
	public Answer launchDarklyServeNew(LaunchDarkly launchDarkly) {
		return launchDarkly.read(MigrationStage.LIVE);
	}

}
