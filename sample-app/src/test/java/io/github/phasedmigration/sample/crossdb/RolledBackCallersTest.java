package io.github.phasedmigration.sample.crossdb;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant I2: a caller's transaction that rolls back after the ledger wrote leaves no trace in
 * new. While the new database is down, writers place orders that commit and orders whose
 * transaction rolls back after the ledger's write; every committed write is journaled, no
 * rolled-back one is, and when new returns it holds exactly the committed orders. Once with the
 * second write after the commit (the default), once with it joining the caller's transaction,
 * where the failed write's journaling must wait for the commit.
 *
 * <p>Joining only defers the journaling: across two databases the second write itself cannot join
 * the first's transaction, so with new up a rolled-back caller would still have written to new.
 * That is why join-transaction is meant for a new side in the same database.
 */
class RolledBackCallersTest {

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

	@ParameterizedTest(name = "join-transaction={0}")
	@ValueSource(booleans = { false, true })
	void rolledBackCallersLeaveNoTraceInNew(boolean joinTransaction) throws Exception {
		try (SampleInstance app = SampleInstance.on(this.databases)
			.named("rollbacks-" + joinTransaction)
			.property("migration.instances.customer-source.join-transaction", Boolean.toString(joinTransaction))
			.with(RollingBackOrders.class)
			.start()) {
			// new up: committed writes only, so that the outage starts from agreeing sides
			Workload.Result before = Workload.on(app).threads(8).operationsPerThread(250).start()
				.await(Duration.ofSeconds(120));
			assertThat(before.failures()).isEmpty();
			Convergence.reached(this.databases);

			this.databases.proxy().refuse();
			long journaledBefore = app.journaled();
			Workload.Result outage = Workload.on(app).threads(8).operationsPerThread(25).rollingBack(0.4).start()
				.await(Duration.ofSeconds(120));
			assertThat(outage.failures()).as("what callers got thrown").isEmpty();
			assertThat(outage.rolledBack()).as("callers that rolled back").isNotEmpty();
			long journaledInOutage = app.journaled() - journaledBefore;
			assertThat(journaledInOutage).as("every committed write of the outage is journaled, nothing else")
				.isEqualTo(outage.writes());
			assertThat(this.databases.journalEntries()).isEqualTo(outage.writes());
			Set<String> rolledBackKeys = outage.rolledBack().stream().map(String::valueOf).collect(Collectors.toSet());
			assertThat(this.databases.journalKeys()).as("journal keys").doesNotContainAnyElementsOf(rolledBackKeys);
			assertThat(this.databases.orders(outage.rolledBack())).as("rolled-back orders in old").isZero();

			this.databases.proxy().accept();
			Convergence.reached(this.databases);
			assertThat(this.databases.pendingPayments(outage.rolledBack())).as("rolled-back orders in new").isZero();
			assertThat(app.journalFailures()).as("second writes the journal could not take").isZero();
			int writes = before.writes() + outage.writes();
			System.out.printf("%s (join-transaction=%s): %d writes by 8 writers and %d rolled-back callers, "
					+ "%d through the journal (%d failed, %d queued)%n", getClass().getSimpleName(), joinTransaction,
					writes, outage.rolledBack().size(), app.journaled(), app.journaled("failed"),
					app.journaled("queued"));
			assertThat(writes).isGreaterThanOrEqualTo(2000);
			assertThat(app.journaled()).isGreaterThan(0);
		}
	}

}
