package io.github.phasedmigration.core.backfill.run;

import java.time.Clock;
import java.util.function.Function;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.BackfillSettings;
import io.github.phasedmigration.core.backfill.CheckpointStore;

/**
 * What every backfill run of one {@link Backfills} shares.
 *
 * @param store checkpoints and leases
 * @param settings how runs go
 * @param owner this instance's id, the owner of the leases it takes
 * @param clock the time of checkpoints, leases, pacing and progress
 * @param listener hears rows and states; guarded
 */
record RunEnvironment(CheckpointStore store, BackfillSettings settings, String owner, Clock clock,
		BackfillListener listener, Function<String, MigrationMode> modes) {

	/** The migration's mode now. */
	MigrationMode mode(String migration) {
		return this.modes.apply(migration);
	}

}
