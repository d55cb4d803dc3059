package io.github.phasedmigration.core.engine;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.engine.EngineFixture.RecordingListener;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationRegistryTest {

	private final RecordingListener listener = new RecordingListener();

	private final MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS, this.listener,
			Clock.systemUTC());

	@Test
	void registeringTwiceGivesTheFirstMigrationUnchanged() {
		MigrationSettings first = EngineFixture.settings();
		Migration migration = this.registry.register("pricing-v2", MigrationMode.SHADOW, first);

		Migration again = this.registry.register("pricing-v2", MigrationMode.NEW, EngineFixture.settings());

		assertThat(again).isSameAs(migration);
		assertThat(again.declaredMode()).isEqualTo(MigrationMode.SHADOW);
		assertThat(again.settings()).isSameAs(first);
		assertThat(this.listener.registered).containsExactly(migration);
	}

	@Test
	void findsMigrationsByNameAndListsThemSortedByName() {
		Migration pricing = this.registry.register("pricing-v2", MigrationMode.OLD, EngineFixture.settings());
		Migration customers = this.registry.register("customer-source", MigrationMode.OLD, EngineFixture.settings());

		assertThat(this.registry.find("pricing-v2")).containsSame(pricing);
		assertThat(this.registry.find("unknown")).isEmpty();
		assertThat(this.registry.all()).containsExactly(customers, pricing);
		assertThat(this.registry.discrepancySettings()).isSameAs(DiscrepancySettings.DEFAULTS);
	}

	@Test
	void eachMigrationHasItsOwnRingSizedByTheSettings() {
		MigrationRegistry small = new MigrationRegistry(
				new DiscrepancySettings(2, 1.0, 100, 10, java.time.Duration.ofMinutes(1)), this.listener,
				Clock.systemUTC());

		Migration a = small.register("a", MigrationMode.OLD, EngineFixture.settings());
		Migration b = small.register("b", MigrationMode.OLD, EngineFixture.settings());

		assertThat(a.discrepancyRing()).isNotSameAs(b.discrepancyRing());
		assertThat(a.discrepancyRing().capacity()).isEqualTo(2);
	}

	@Test
	void modeChangesReachTheListenerWithTheirMigration() {
		Migration migration = this.registry.register("pricing-v2", MigrationMode.OLD, EngineFixture.settings());

		migration.override(MigrationMode.SHADOW, "actuator", null, null);

		assertThat(this.listener.modeChangeMigrations).containsExactly(migration);
	}

	@Test
	void aThrowingListenerDoesNotPreventRegistration() {
		this.listener.failing = true;

		Migration migration = this.registry.register("pricing-v2", MigrationMode.OLD, EngineFixture.settings());
		migration.override(MigrationMode.SHADOW, "actuator", null, null);

		assertThat(this.registry.find("pricing-v2")).containsSame(migration);
		assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
	}

}
