package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.execution.ExecutorSettings;
import io.github.phasedmigration.core.registry.Migration;

import static io.github.phasedmigration.core.engine.EngineFixture.awaitComparisons;
import static org.assertj.core.api.Assertions.assertThat;

/** The caller's context (here the MDC) reaches the secondary, and does not stay behind on the pool's thread. */
class ContextPropagationTest {

	/** One thread, so that consecutive secondaries share it. */
	private final EngineFixture fixture = new EngineFixture(DiscrepancySettings.DEFAULTS,
			new ExecutorSettings(1, 4, "test-", Duration.ofSeconds(1)),
			ContextSnapshotFactory.builder()
				.contextRegistry(new ContextRegistry().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor()))
				.build(),
			ModeResolver.EFFECTIVE_MODE, Clock.systemUTC());

	/** What each side saw, by call: "thread requestId". */
	private final Map<String, String> seen = new ConcurrentHashMap<>();

	@AfterEach
	void close() {
		MDC.clear();
		this.fixture.close();
	}

	private Invoker seeing(String key, Object result) {
		return () -> {
			this.seen.put(key, Thread.currentThread().getName() + " " + MDC.get("requestId"));
			return result;
		};
	}

	@Test
	void theCallersMdcReachesTheShadowSecondary() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		MDC.put("requestId", "r-1");

		this.fixture.read(migration, seeing("old", "v"), seeing("new", "v"), 1);

		awaitComparisons(migration, 1);
		assertThat(this.seen.get("new")).isEqualTo("test-1 r-1");
		assertThat(MDC.get("requestId")).as("the caller's MDC is left alone").isEqualTo("r-1");
	}

	@Test
	void theCallersMdcReachesTheReverseShadowSecondary() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.REVERSE_SHADOW);
		MDC.put("requestId", "r-2");

		this.fixture.read(migration, seeing("old", "v"), seeing("new", "v"), 1);

		awaitComparisons(migration, 1);
		assertThat(this.seen.get("old")).isEqualTo("test-1 r-2");
	}

	@Test
	void theCallersMdcReachesAnAsynchronousSecondary() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		MDC.put("requestId", "r-3");

		this.fixture.readAsync(migration, () -> CompletableFuture.completedFuture("v"),
				() -> CompletableFuture.completedFuture(seeing("new", "v").invoke()), 1);

		awaitComparisons(migration, 1);
		assertThat(this.seen.get("new")).isEqualTo("test-1 r-3");
	}

	@Test
	void theMdcDoesNotStayBehindOnThePoolsThread() throws Throwable {
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		MDC.put("requestId", "r-4");
		this.fixture.read(migration, seeing("old-1", "v"), seeing("new-1", "v"), 1);
		awaitComparisons(migration, 1);
		MDC.clear();

		this.fixture.read(migration, seeing("old-2", "v"), seeing("new-2", "v"), 2);

		awaitComparisons(migration, 2);
		assertThat(this.seen.get("new-1")).isEqualTo("test-1 r-4");
		assertThat(this.seen.get("new-2")).isEqualTo("test-1 null");
	}

}
