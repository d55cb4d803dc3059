package io.github.phasedmigration.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.event.EventListener;

import io.github.phasedmigration.autoconfigure.events.MigrationModeChangedEvent;
import io.github.phasedmigration.autoconfigure.events.MigrationRolledBackEvent;

/**
 * A bean that keeps the migration events and audit events an application publishes, as a user's
 * {@link EventListener @EventListener} receives them.
 */
public class RecordedEvents {

	private final List<MigrationModeChangedEvent> changes = new CopyOnWriteArrayList<>();

	private final List<AuditEvent> audits = new CopyOnWriteArrayList<>();

	@EventListener
	public void onChange(MigrationModeChangedEvent event) {
		this.changes.add(event);
	}

	@EventListener
	public void onAudit(AuditApplicationEvent event) {
		this.audits.add(event.getAuditEvent());
	}

	/** Every change event (rollbacks included), of one migration, in order. */
	public List<MigrationModeChangedEvent> changes(String migration) {
		return this.changes.stream().filter((event) -> event.getMigration().equals(migration)).toList();
	}

	/** The rollback events of one migration. */
	public List<MigrationRolledBackEvent> rollbacks(String migration) {
		return changes(migration).stream()
			.filter(MigrationRolledBackEvent.class::isInstance)
			.map(MigrationRolledBackEvent.class::cast)
			.toList();
	}

	/** Every audit event of a type, of one migration, in order. */
	public List<AuditEvent> audits(String type, String migration) {
		return this.audits.stream()
			.filter((event) -> event.getType().equals(type) && migration.equals(event.getData().get("migration")))
			.toList();
	}

	/** Every audit event of any type. */
	public List<AuditEvent> audits() {
		return List.copyOf(this.audits);
	}

}
