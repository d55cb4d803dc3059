package io.github.phasedmigration.core.backfill;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.github.phasedmigration.core.backfill.run.Backfills;

/**
 * Checkpoints in this process's memory, for applications without a {@code DataSource}: a restart
 * copies from the first record again (harmless, as every write is idempotent, but slow). Leases
 * work as in a table, so several {@link Backfills} of one process may share it.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

	private final Map<String, BackfillCheckpoint> checkpoints = new HashMap<>();

	private final Map<String, Lease> leases = new HashMap<>();

	@Override
	public synchronized Optional<BackfillCheckpoint> load(String migration) {
		return Optional.ofNullable(this.checkpoints.get(migration));
	}

	@Override
	public synchronized boolean acquire(String migration, String owner, Instant now, Instant leaseUntil) {
		Lease lease = this.leases.get(migration);
		if (lease != null && !lease.owner().equals(owner) && lease.until().isAfter(now)) {
			return false;
		}
		this.leases.put(migration, new Lease(owner, leaseUntil));
		return true;
	}

	@Override
	public synchronized boolean save(BackfillCheckpoint checkpoint, String owner, Instant leaseUntil) {
		Lease lease = this.leases.get(checkpoint.migration());
		// a lease that ran out is still held until another owner takes it, as with a conditional UPDATE
		if (lease == null || !lease.owner().equals(owner)) {
			return false;
		}
		this.checkpoints.put(checkpoint.migration(), checkpoint);
		this.leases.put(checkpoint.migration(), new Lease(owner, leaseUntil));
		return true;
	}

	@Override
	public synchronized void release(String migration, String owner) {
		Lease lease = this.leases.get(migration);
		if (lease != null && lease.owner().equals(owner)) {
			this.leases.remove(migration);
		}
	}

	@Override
	public synchronized Optional<String> leaseHolder(String migration, Instant now) {
		Lease lease = this.leases.get(migration);
		return (lease != null && lease.until().isAfter(now)) ? Optional.of(lease.owner()) : Optional.empty();
	}

	@Override
	public synchronized void reset(String migration) {
		this.checkpoints.remove(migration);
	}

	@Override
	public boolean durable() {
		return false;
	}

	private record Lease(String owner, Instant until) {

		Lease {
			Objects.requireNonNull(owner, "owner");
			Objects.requireNonNull(until, "until");
		}

	}

}
