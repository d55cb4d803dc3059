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
 * Every connection to the new database is cut, again and again, while writers place, pay and
 * change orders: statements and replays die half-way (some after PostgreSQL applied them, which
 * the replay must survive by being idempotent). Callers never notice, and old and new end equal.
 */
class NewDatabaseConnectionCutsTest {

	private static final int OPERATIONS_BETWEEN_CUTS = 100;

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private CrossDatabases databases;

	private SampleInstance app;

	@BeforeEach
	void start() {
		this.databases = CrossDatabases.of(realDatabases);
		this.app = SampleInstance.on(this.databases).named("cuts").start();
	}

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		if (this.databases != null) {
			this.databases.close();
		}
	}

	@Test
	void writesCutInTheMiddleAreReconciled() throws Exception {
		Workload.Running writers = Workload.on(this.app).threads(8).operationsPerThread(300).changingAmounts(0.15).start();

		int cuts = 0;
		while (!writers.isDone()) {
			int next = writers.completed() + OPERATIONS_BETWEEN_CUTS;
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> writers.completed() >= next || writers.isDone());
			this.databases.proxy().cutConnections();
			cuts++;
		}
		Workload.Result result = writers.await(Duration.ofSeconds(10));

		assertThat(result.failures()).as("what callers got thrown").isEmpty();
		Convergence.reached(this.databases);
		assertThat(this.app.journalFailures()).as("second writes the journal could not take").isZero();
		long journaled = this.app.journaled();
		System.out.printf("%s: %d writes by 8 writers, %d cuts of every connection, %d through the journal "
				+ "(%d failed, %d queued)%n", getClass().getSimpleName(), result.writes(), cuts, journaled,
				this.app.journaled("failed"), this.app.journaled("queued"));
		assertThat(result.writes()).isGreaterThanOrEqualTo(2000);
		assertThat(journaled).isGreaterThan(0);
	}

}
