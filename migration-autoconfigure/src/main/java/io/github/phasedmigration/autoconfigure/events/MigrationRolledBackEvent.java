package io.github.phasedmigration.autoconfigure.events;

import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.registry.ModeChange;

/**
 * A migration stepped back one mode by itself after failing windows in a row: listen to it to page
 * someone. The change's measurements hold every criterion of the last window; {@link #getReadiness}
 * holds them as values.
 */
public class MigrationRolledBackEvent extends MigrationModeChangedEvent {

	private final Readiness readiness;

	public MigrationRolledBackEvent(Object source, String migration, ModeChange change, Readiness readiness) {
		super(source, migration, change);
		this.readiness = readiness;
	}

	/** The judgement of the last failing window. */
	public Readiness getReadiness() {
		return this.readiness;
	}

}
