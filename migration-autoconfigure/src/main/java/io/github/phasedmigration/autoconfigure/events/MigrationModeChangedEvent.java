package io.github.phasedmigration.autoconfigure.events;

import org.springframework.context.ApplicationEvent;

import io.github.phasedmigration.core.registry.ModeChange;

/**
 * A migration's mode or rollout changed: from configuration at start-up or on refresh, over the
 * Actuator endpoint, or by an automatic rollback ({@link MigrationRolledBackEvent}). Published on
 * the thread that made the change, after it took effect.
 */
public class MigrationModeChangedEvent extends ApplicationEvent {

	private final String migration;

	private final ModeChange change;

	public MigrationModeChangedEvent(Object source, String migration, ModeChange change) {
		super(source);
		this.migration = migration;
		this.change = change;
	}

	/** The migration's name. */
	public String getMigration() {
		return this.migration;
	}

	/** The change, as kept in the history. */
	public ModeChange getChange() {
		return this.change;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.migration + ": " + this.change.from() + " -> " + this.change.to()
				+ " by " + this.change.source() + "]";
	}

}
