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
 * The new database (PostgreSQL) refuses connections for a while and comes back, while writers
 * place and pay orders: callers never notice, the second writes that failed meanwhile go through
 * the journal, and in the end old and new hold exactly the same unpaid orders.
 */
class NewDatabaseOutageTest {

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private CrossDatabases databases;

	private SampleInstance app;

	@BeforeEach
	void start() {
		this.databases = CrossDatabases.of(realDatabases);
		this.app = SampleInstance.on(this.databases).named("outage").start();
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
	void writesDuringTheOutageAreReconciledWhenNewReturns() throws Exception {
		Workload.Running writers = Workload.on(this.app).threads(8).operationsPerThread(300).start();

		await().atMost(Duration.ofSeconds(60)).until(() -> writers.completed() >= 900);
		this.databases.proxy().refuse();
		await().atMost(Duration.ofSeconds(60))
			.failFast("the writers finished before the outage journaled enough writes", writers::isDone)
			.until(() -> this.app.journaled() >= 150);
		this.databases.proxy().accept();
		Workload.Result result = writers.await(Duration.ofSeconds(120));

		assertThat(result.failures()).as("what callers got thrown").isEmpty();
		Convergence.reached(this.databases);
		assertThat(this.app.journalFailures()).as("second writes the journal could not take").isZero();
		long journaled = this.app.journaled();
		System.out.printf("%s: %d writes by 8 writers, %d through the journal (%d failed, %d queued)%n",
				getClass().getSimpleName(), result.writes(), journaled, this.app.journaled("failed"),
				this.app.journaled("queued"));
		assertThat(result.writes()).isGreaterThanOrEqualTo(2000);
		assertThat(journaled).isGreaterThan(0);
	}

}
