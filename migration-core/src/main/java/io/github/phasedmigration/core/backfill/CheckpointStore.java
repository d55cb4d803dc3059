package io.github.phasedmigration.core.backfill;

import java.time.Instant;
import java.util.Optional;

import io.github.phasedmigration.core.backfill.run.Backfills;

/**
 * Where backfills keep their checkpoints, and the lease that lets only one instance run a given
 * backfill at a time. The durable one is a table next to the journal.
 */
public interface CheckpointStore {

	/** The checkpoint of a migration's backfill, if it ever ran. */
	Optional<BackfillCheckpoint> load(String migration);

	/**
	 * Takes the lease of a migration's backfill, or renews it.
	 * @param owner who asks (an instance id)
	 * @param now the time now
	 * @param leaseUntil when the lease runs out unless renewed
	 * @return whether {@code owner} holds the lease now: false when another owner's lease has not run out
	 */
	boolean acquire(String migration, String owner, Instant now, Instant leaseUntil);

	/**
	 * Saves a checkpoint and renews the lease, only while {@code owner} holds it.
	 * @return false when the lease was lost (another instance took over): the caller must stop
	 */
	boolean save(BackfillCheckpoint checkpoint, String owner, Instant leaseUntil);

	/** Gives the lease up, if {@code owner} holds it. */
	void release(String migration, String owner);

	/**
	 * Who holds the lease of a migration's backfill, for messages such as "running on instance b".
	 * @param now the time now: a lease that ran out by then is held by nobody
	 * @return the owner, or empty when nobody holds it or the store cannot tell
	 */
	default Optional<String> leaseHolder(String migration, Instant now) {
		return Optional.empty();
	}

	/**
	 * Forgets a backfill's checkpoint, so that the next start copies from the first record. The
	 * lease may go with it or stay: {@link Backfills} takes it again after a reset.
	 */
	void reset(String migration);

	/** Whether checkpoints survive a restart of the application. */
	boolean durable();

}
