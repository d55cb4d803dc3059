package io.github.phasedmigration.core.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.engine.EngineFixture.RecordingListener;
import io.github.phasedmigration.core.registry.CompositeMigrationListener;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.ModeChange;

import static org.assertj.core.api.Assertions.assertThat;

class CompositeMigrationListenerTest {

	private final RecordingListener first = new RecordingListener();

	private final RecordingListener second = new RecordingListener();

	private final Migration migration = new MigrationRegistry(DiscrepancySettings.DEFAULTS, new MigrationListener() {
	}, Clock.systemUTC()).register("m", MigrationMode.OLD, EngineFixture.settings());

	@Test
	void everyEventReachesEveryListenerEvenWhenAnEarlierOneThrows() {
		this.first.failing = true;
		CompositeMigrationListener composite = new CompositeMigrationListener(List.of(this.first, this.second));
		ModeChange change = new ModeChange(Instant.EPOCH, MigrationMode.OLD, MigrationMode.NEW, "actuator",
				"override", null, null);

		composite.onRegistered(this.migration);
		composite.onCall(this.migration, Impl.NEW, Role.SECONDARY, false, 5);
		composite.onComparison(this.migration, ComparisonResult.TIMEOUT);
		composite.onDiscrepancy(this.migration, MismatchCategory.OLD_ERROR);
		composite.onFallback(this.migration);
		composite.onFailedWrite(this.migration, Impl.OLD);
		composite.onModeChange(this.migration, change);

		for (RecordingListener listener : List.of(this.first, this.second)) {
			assertThat(listener.registered).containsExactly(this.migration);
			assertThat(listener.calls).extracting(RecordingListener.CallEvent::impl).containsExactly(Impl.NEW);
			assertThat(listener.comparisons).containsExactly(ComparisonResult.TIMEOUT);
			assertThat(listener.discrepancies).containsExactly(MismatchCategory.OLD_ERROR);
			assertThat(listener.fallbacks).hasValue(1);
			assertThat(listener.failedWrites).containsExactly(Impl.OLD);
			assertThat(listener.modeChanges).containsExactly(change);
		}
	}

	@Test
	void noListenersIsFine() {
		new CompositeMigrationListener(List.of()).onFallback(this.migration);
	}

}
