package io.github.phasedmigration.sample.crossdb;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the application on the same databases, behind a load balancer, reconcile the
 * same journal at once when the new database returns (invariant I4): no entry is replayed by both
 * (no two replays of one order are ever in flight together, and the replays that went through are
 * exactly the entries journaled), and none is skipped (old and new end equal, the journal empty).
 */
class TwoInstancesReconcileTest {

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private final ReplayLog replays = new ReplayLog();

	private CrossDatabases databases;

	private SampleInstance a;

	private SampleInstance b;

	@BeforeEach
	void start() {
		this.databases = CrossDatabases.of(realDatabases);
		this.a = instance("a");
		this.b = instance("b");
	}

	// short leases, small batches: a batch must end well within its lease, or a takeover would
	// replay what the other instance still holds
	private SampleInstance instance(String name) {
		return SampleInstance.on(this.databases).named(name)
			.property("migration.journal.reconciler.lease", "5s")
			.property("migration.journal.reconciler.batch-size", "5")
			.recording(this.replays)
			.start();
	}

	@AfterEach
	void stop() {
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
		if (this.databases != null) {
			this.databases.close();
		}
	}

	@Test
	void bothInstancesReplayAndNoEntryTwice() throws Exception {
		Workload.Running writers = Workload.on(this.a, this.b)
			.threads(8)
			.operationsPerThread(300)
			.changingAmounts(0.1)
			.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> writers.completed() >= 900);
		this.databases.proxy().refuse();
		await().atMost(Duration.ofSeconds(60))
			.failFast("the writers finished before the outage journaled enough writes", writers::isDone)
			.until(() -> this.a.journaled() + this.b.journaled() >= 300);
		this.databases.proxy().accept();
		Workload.Result result = writers.await(Duration.ofSeconds(120));

		assertThat(result.failures()).as("what callers got thrown").isEmpty();
		Convergence.reached(this.databases);
		long journaled = this.a.journaled() + this.b.journaled();
		assertThat(this.replays.overlaps()).as("replays of one order in flight at once").isEmpty();
		assertThat(this.replays.successful()).as("replays that went through, one per journal entry").isEqualTo(journaled);
		assertThat(this.replays.successful("a")).as("replays by a").isGreaterThan(0);
		assertThat(this.replays.successful("b")).as("replays by b").isGreaterThan(0);
		assertThat(this.a.journalFailures() + this.b.journalFailures()).as("second writes the journal could not take")
			.isZero();
		System.out.printf("%s: %d writes by 8 writers over 2 instances, %d through the journal (a %d, b %d), "
				+ "replayed by a %d and by b %d%n", getClass().getSimpleName(), result.writes(), journaled,
				this.a.journaled(), this.b.journaled(), this.replays.successful("a"), this.replays.successful("b"));
		assertThat(result.writes()).isGreaterThanOrEqualTo(2000);
		assertThat(journaled).isGreaterThan(0);
	}

}
