package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.registry.Migration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's current observation (and so its trace) reaches the secondary, through the default
 * snapshot factory that the starter uses: the observation accessor registers itself with the
 * global context registry.
 */
class ObservationPropagationTest {

	private final ObservationRegistry observations = ObservationRegistry.create();

	private final EngineFixture fixture = new EngineFixture(DiscrepancySettings.DEFAULTS,
			EngineFixture.EXECUTOR_SETTINGS, SecondaryExecutor.defaultContextSnapshotFactory(),
			ModeResolver.EFFECTIVE_MODE, Clock.systemUTC());

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void theCallersObservationIsCurrentInTheShadowSecondary() throws Throwable {
		this.observations.observationConfig().observationHandler((context) -> true);
		ObservationThreadLocalAccessor.getInstance().setObservationRegistry(this.observations);
		Migration migration = this.fixture.migration(MigrationMode.SHADOW);
		AtomicReference<Observation> seenBySecondary = new AtomicReference<>();
		AtomicReference<String> secondaryThread = new AtomicReference<>();
		Observation caller = Observation.start("caller", this.observations);

		try (Observation.Scope scope = caller.openScope()) {
			this.fixture.read(migration, () -> "v", () -> {
				seenBySecondary.set(this.observations.getCurrentObservation());
				secondaryThread.set(Thread.currentThread().getName());
				return "v";
			});
		}
		finally {
			caller.stop();
		}

		EngineFixture.awaitComparisons(migration, 1);
		assertThat(secondaryThread.get()).startsWith("test-");
		assertThat(seenBySecondary.get()).isSameAs(caller);
	}

}
