package io.github.phasedmigration.autoconfigure.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.criteria.CriterionResult;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.criteria.Verdict;
import io.github.phasedmigration.core.criteria.WindowStats;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.registry.ModeChange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** What {@link MigrationEventPublisher} publishes for a change and a rollback, without a context. */
class MigrationEventPublisherTests {

	private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

	private final Migration migration = new MigrationRegistry(DiscrepancySettings.DEFAULTS, new MigrationListener() {
	}, Clock.fixed(NOW, ZoneOffset.UTC)).register("prices", MigrationMode.SHADOW, new MigrationSettings(
			Duration.ofSeconds(1), true, false, false, false, new DeepEqualsComparator()));

	private final ModeChange rollback = new ModeChange(NOW, MigrationMode.REVERSE_SHADOW, MigrationMode.SHADOW, 5.0,
			100.0, "auto-rollback", "rollback", null, "2 failing window(s) in a row", false,
			Map.of("new-error-rate", "fail: new failed 50% of 100 calls"));

	private final Readiness readiness = new Readiness(MigrationMode.REVERSE_SHADOW, Verdict.FAIL,
			List.of(new CriterionResult("new-error-rate", 0.5, 0.01, Verdict.FAIL, "new failed 50% of 100 calls")),
			WindowStats.EMPTY);

	@Test
	void rollbackIsPublishedAsItsEventAndAnAuditOfItsOwnType() {
		List<Object> published = new CopyOnWriteArrayList<>();
		MigrationEventPublisher publisher = new MigrationEventPublisher(published::add);

		publisher.onModeChange(this.migration, this.rollback);
		assertThat(published).as("a rollback waits for onRollback, with its judgement").isEmpty();

		publisher.onRollback(this.migration, this.rollback, this.readiness);

		assertThat(published).hasSize(2);
		assertThat(published.get(0)).isInstanceOfSatisfying(MigrationRolledBackEvent.class, (event) -> {
			assertThat(event.getMigration()).isEqualTo("prices");
			assertThat(event.getChange()).isSameAs(this.rollback);
			assertThat(event.getReadiness()).isSameAs(this.readiness);
		});
		assertThat(published.get(1)).isInstanceOfSatisfying(AuditApplicationEvent.class, (event) -> {
			assertThat(event.getAuditEvent().getType()).isEqualTo(MigrationEventPublisher.AUDIT_ROLLBACK_TYPE);
			assertThat(event.getAuditEvent().getPrincipal()).isEqualTo("auto-rollback");
			assertThat(event.getAuditEvent().getTimestamp()).isEqualTo(NOW);
			assertThat(event.getAuditEvent().getData()).containsEntry("fromPercentage", 5.0)
				.containsEntry("percentage", 100.0)
				.containsEntry("measurements", this.rollback.measurements())
				.doesNotContainKey("principal");
		});
	}

	@Test
	void rollbackIsAuditedEvenWhenAListenerOfItsEventThrows() {
		List<Object> published = new CopyOnWriteArrayList<>();
		ApplicationEventPublisher throwingListener = (event) -> {
			published.add(event);
			if (event instanceof MigrationRolledBackEvent) {
				throw new IllegalStateException("pager is down");
			}
		};
		MigrationEventPublisher publisher = new MigrationEventPublisher(throwingListener);

		assertThatIllegalStateException().as("the failure still reaches the listener's guard, which logs it")
			.isThrownBy(() -> publisher.onRollback(this.migration, this.rollback, this.readiness))
			.withMessage("pager is down");

		assertThat(published).hasSize(2).element(1).isInstanceOf(AuditApplicationEvent.class);
	}

}
