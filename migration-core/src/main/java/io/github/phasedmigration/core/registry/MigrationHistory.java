package io.github.phasedmigration.core.registry;

import java.util.List;

/**
 * Where the changes of migrations are kept: every change of mode or rollout, with its source,
 * principal, reason and measurements, and the actions that leave the mode as it is. The default
 * keeps a bounded number per migration in memory ({@link InMemoryMigrationHistory}); a durable,
 * fleet-wide one may take its place.
 */
public interface MigrationHistory {

	/**
	 * Keeps a change. Called while the migration's state is locked: keep it quick, and never throw.
	 * @param migration the migration's name
	 * @param change the change
	 */
	void record(String migration, ModeChange change);

	/**
	 * The changes of a migration, oldest first.
	 * @param migration the migration's name
	 * @return the kept changes, at most as many as this history keeps
	 */
	List<ModeChange> changes(String migration);

}
