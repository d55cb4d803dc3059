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
 * The application stops while the new database is down and journal entries wait for it; a new
 * instance on the same databases (a restart) finds them in the journal table and replays them, so
 * nothing the first one journaled is lost with it.
 */
class RestartWithPendingEntriesTest {

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private CrossDatabases databases;

	@BeforeEach
	void createDatabases() {
		this.databases = CrossDatabases.of(realDatabases);
	}

	@AfterEach
	void closeDatabases() {
		if (this.databases != null) {
			this.databases.close();
		}
	}

	@Test
	void aRestartedInstanceReplaysWhatTheStoppedOneJournaled() throws Exception {
		long journaled;
		Workload.Result result;
		// a lease shorter than the test: entries the stopped instance still held are taken over soon
		try (SampleInstance first = SampleInstance.on(this.databases).named("before-restart")
			.property("migration.journal.reconciler.lease", "3s")
			.start()) {
			Workload.Running writers = Workload.on(first).threads(8).operationsPerThread(400).start();
			await().atMost(Duration.ofSeconds(60)).until(() -> writers.completed() >= 2000);
			this.databases.proxy().refuse();
			await().atMost(Duration.ofSeconds(60))
				.failFast("the writers finished before the outage journaled enough writes", writers::isDone)
				.until(() -> first.journaled() >= 150);
			writers.stop();
			result = writers.await(Duration.ofSeconds(60));
			assertThat(result.failures()).as("what callers got thrown").isEmpty();
			assertThat(first.journalFailures()).as("second writes the journal could not take").isZero();
			journaled = first.journaled();
		}
		long pendingAtStop = this.databases.journalEntries();
		assertThat(pendingAtStop).as("entries left in the journal by the stopped instance").isGreaterThan(0);
		assertThat(this.databases.difference().none()).as("old and new differ while new is down").isFalse();

		this.databases.proxy().accept();
		try (SampleInstance second = SampleInstance.on(this.databases).named("after-restart")
			.property("migration.journal.reconciler.lease", "3s")
			.start()) {
			Convergence.reached(this.databases);
			assertThat(second.journaled()).as("appended by the restarted instance").isZero();
		}
		System.out.printf("%s: %d writes by 8 writers, %d through the journal, %d of them still pending when "
				+ "the instance stopped and replayed by the restarted one%n", getClass().getSimpleName(),
				result.writes(), journaled, pendingAtStop);
		assertThat(result.writes()).isGreaterThanOrEqualTo(2000);
		assertThat(journaled).isGreaterThan(0);
	}

}
