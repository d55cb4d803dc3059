package io.github.phasedmigration.autoconfigure.events;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.ClassUtils;

import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.ModeChange;

/**
 * Publishes every change of a migration as a {@link MigrationModeChangedEvent} (an automatic
 * rollback as a {@link MigrationRolledBackEvent}) and, when Spring Boot's Actuator is present, as an
 * {@link AuditApplicationEvent} of type {@value #AUDIT_TYPE} or {@value #AUDIT_ROLLBACK_TYPE}, so
 * that it appears in {@code /actuator/auditevents} when the application has an
 * {@code AuditEventRepository} (and Boot's {@code AuditListener}, which its audit
 * auto-configuration declares; without Spring Security that auto-configuration cannot start, so
 * exclude it and declare the listener yourself). The audit's principal is the one who asked, or the change's
 * source ({@code config}, {@code refresh}, {@code auto-rollback}) when nobody did.
 */
public class MigrationEventPublisher implements MigrationListener {

	/** Audit event type of a change of mode or rollout. */
	public static final String AUDIT_TYPE = "MIGRATION_MODE_CHANGED";

	/** Audit event type of an automatic rollback. */
	public static final String AUDIT_ROLLBACK_TYPE = "MIGRATION_ROLLED_BACK";

	private static final boolean AUDIT_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.actuate.audit.listener.AuditApplicationEvent",
			MigrationEventPublisher.class.getClassLoader());

	private final ApplicationEventPublisher publisher;

	public MigrationEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onModeChange(Migration migration, ModeChange change) {
		if ("rollback".equals(change.action())) {
			return; // published with its judgement by onRollback, right after
		}
		try {
			this.publisher.publishEvent(new MigrationModeChangedEvent(this, migration.name(), change));
		}
		finally {
			audit(migration, change, AUDIT_TYPE); // even when a listener of the event threw
		}
	}

	@Override
	public void onRollback(Migration migration, ModeChange change, Readiness readiness) {
		try {
			this.publisher.publishEvent(new MigrationRolledBackEvent(this, migration.name(), change, readiness));
		}
		finally {
			audit(migration, change, AUDIT_ROLLBACK_TYPE); // even when a listener of the event threw
		}
	}

	private void audit(Migration migration, ModeChange change, String type) {
		if (!AUDIT_PRESENT) {
			return;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("migration", migration.name());
		data.put("from", change.from().name());
		data.put("to", change.to().name());
		data.put("fromPercentage", change.fromPercentage());
		data.put("percentage", change.percentage());
		data.put("source", change.source());
		data.put("action", change.action());
		if (change.reason() != null) {
			data.put("reason", change.reason());
		}
		data.put("forced", change.forced());
		if (!change.measurements().isEmpty()) {
			data.put("measurements", change.measurements());
		}
		if (!change.rolloutChanges().isEmpty()) {
			data.put("rolloutChanges", change.rolloutChanges());
		}
		String principal = (change.principal() != null) ? change.principal() : change.source();
		this.publisher.publishEvent(Audit.event(change, principal, type, data));
	}

	/**
	 * The only place that names {@link AuditApplicationEvent}: loaded when Actuator is present, so
	 * that this class (and the engine's auto-configuration) loads without it.
	 */
	private static final class Audit {

		static ApplicationEvent event(ModeChange change, String principal, String type, Map<String, Object> data) {
			return new AuditApplicationEvent(change.time(), principal, type, data);
		}

	}

}
