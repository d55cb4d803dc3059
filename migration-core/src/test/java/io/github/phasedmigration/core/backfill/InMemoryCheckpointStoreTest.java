package io.github.phasedmigration.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Leases as a table keeps them: one owner at a time, taken over once run out, saves only by the owner. */
class InMemoryCheckpointStoreTest {

	private static final String M = "customer-source";

	private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

	private static final Duration LEASE = Duration.ofMinutes(1);

	private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

	@Test
	void aLeaseIsHeldByOneOwnerUntilItRunsOut() {
		assertThat(this.store.acquire(M, "a", T0, T0.plus(LEASE))).isTrue();
		assertThat(this.store.acquire(M, "a", T0.plusSeconds(30), T0.plusSeconds(30).plus(LEASE))).as("renewed")
			.isTrue();
		assertThat(this.store.acquire(M, "b", T0.plus(LEASE), T0.plus(LEASE).plus(LEASE))).isFalse();
		assertThat(this.store.leaseHolder(M, T0.plus(LEASE))).hasValue("a");

		Instant later = T0.plusSeconds(30).plus(LEASE);
		assertThat(this.store.acquire(M, "b", later, later.plus(LEASE))).as("run out at its end").isTrue();
		assertThat(this.store.leaseHolder(M, later)).hasValue("b");
		assertThat(this.store.acquire("other", "a", T0, T0.plus(LEASE))).as("leases are per migration").isTrue();
	}

	@Test
	void onlyTheOwnerSavesAndReleases() {
		BackfillCheckpoint checkpoint = new BackfillCheckpoint(M, BackfillState.RUNNING, "10", 10, 25, T0, T0, null,
				null);
		assertThat(this.store.save(checkpoint, "a", T0.plus(LEASE))).as("no lease").isFalse();
		this.store.acquire(M, "a", T0, T0.plus(LEASE));

		assertThat(this.store.save(checkpoint, "b", T0.plus(LEASE))).isFalse();
		assertThat(this.store.load(M)).isEmpty();
		assertThat(this.store.save(checkpoint, "a", T0.plus(LEASE).plus(LEASE))).isTrue();
		assertThat(this.store.load(M)).hasValue(checkpoint);
		assertThat(this.store.leaseHolder(M, T0.plus(LEASE))).as("the save renewed it").hasValue("a");

		this.store.release(M, "b");
		assertThat(this.store.leaseHolder(M, T0)).hasValue("a");
		this.store.release(M, "a");
		assertThat(this.store.leaseHolder(M, T0)).isEmpty();
		assertThat(this.store.acquire(M, "b", T0, T0.plus(LEASE))).isTrue();
	}

	@Test
	void aLeaseThatRanOutIsStillTheOwnersUntilAnotherTakesIt() {
		BackfillCheckpoint checkpoint = new BackfillCheckpoint(M, BackfillState.RUNNING, "10", 10, 25, T0, T0, null,
				null);
		this.store.acquire(M, "a", T0, T0.plus(LEASE));

		assertThat(this.store.save(checkpoint, "a", T0.plus(LEASE).plus(LEASE))).isTrue();
		Instant late = T0.plus(LEASE).plus(LEASE).plusSeconds(1);
		this.store.acquire(M, "b", late, late.plus(LEASE));
		assertThat(this.store.save(checkpoint, "a", late.plus(LEASE))).isFalse();
	}

	@Test
	void resetForgetsTheCheckpointAndKeepsTheLease() {
		this.store.acquire(M, "a", T0, T0.plus(LEASE));
		this.store.save(new BackfillCheckpoint(M, BackfillState.COMPLETED, "25", 25, 25, T0, T0, T0, null), "a",
				T0.plus(LEASE));

		this.store.reset(M);

		assertThat(this.store.load(M)).isEmpty();
		assertThat(this.store.leaseHolder(M, T0)).hasValue("a");
		assertThat(this.store.durable()).isFalse();
	}

}
