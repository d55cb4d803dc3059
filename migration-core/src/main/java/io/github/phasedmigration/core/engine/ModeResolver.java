package io.github.phasedmigration.core.engine;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.registry.Migration;

/**
 * Chooses the mode of one call, once, at its start. The default gives every call the migration's
 * effective mode; a canary resolver may give some calls the previous mode, based on the call's
 * arguments.
 */
@FunctionalInterface
public interface ModeResolver {

	/** The default: the migration's effective mode. */
	ModeResolver EFFECTIVE_MODE = (migration, call) -> migration.effectiveMode();

	/**
	 * The mode of this call.
	 * @param migration the migration
	 * @param call the call, with its arguments
	 * @return the mode the whole call runs in
	 */
	MigrationMode resolve(Migration migration, MigrationCall call);

}
