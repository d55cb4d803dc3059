package io.github.phasedmigration.sample.crossdb;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;
import io.github.phasedmigration.sample.payments.OrderService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invariant I3, order per key: an order's amount changes twice while the new database is down. The
 * first change's second write fails and is journaled; the second change is queued behind it, not
 * written; when new returns they are replayed in that order, so new ends with the second amount,
 * never the first. Meanwhile writers change the amounts of their own orders many times over, and
 * old and new must end with the same amount for every one of them.
 */
class PerKeyOrderTest {

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private final ReplayLog replays = new ReplayLog();

	private CrossDatabases databases;

	private SampleInstance app;

	@BeforeEach
	void start() {
		this.databases = CrossDatabases.of(realDatabases);
		this.app = SampleInstance.on(this.databases).named("per-key").recording(this.replays).start();
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
	void aQueuedWriteIsReplayedAfterTheFailedOneOfItsKey() throws Exception {
		OrderService orders = this.app.orders();
		long orderId = orders.placeOrder(4711, 1000);
		assertThat(this.databases.newAmount(orderId)).isEqualTo(1000);
		Workload.Running writers = Workload.on(this.app).threads(8).operationsPerThread(300).changingAmounts(0.3).start();
		await().atMost(Duration.ofSeconds(60)).until(() -> writers.completed() >= 900);

		this.databases.proxy().refuse();
		orders.changeAmount(orderId, 2000);
		orders.changeAmount(orderId, 3000);
		List<CrossDatabases.JournalRow> entries = this.databases.journalEntriesOfKey(Long.toString(orderId));
		assertThat(entries).extracting(CrossDatabases.JournalRow::cause).containsExactly("failed", "queued");
		assertThat(entries.get(0).arguments()).contains("2000");
		assertThat(entries.get(1).arguments()).contains("3000");
		assertThat(this.databases.newAmount(orderId)).as("new while it is down").isEqualTo(1000);
		await().atMost(Duration.ofSeconds(60))
			.failFast("the writers finished before the outage journaled enough writes", writers::isDone)
			.until(() -> this.app.journaled() >= 150);
		this.databases.proxy().accept();
		Workload.Result result = writers.await(Duration.ofSeconds(120));

		assertThat(result.failures()).as("what callers got thrown").isEmpty();
		Convergence.reached(this.databases);
		assertThat(this.databases.newAmount(orderId)).isEqualTo(3000);
		assertThat(this.replays.of(orderId)).extracting((replay) -> replay.arguments().get(2))
			.as("replays of order %d", orderId)
			.containsExactly(2000L, 3000L);
		assertThat(this.app.journalFailures()).as("second writes the journal could not take").isZero();
		long journaled = this.app.journaled();
		System.out.printf("%s: %d writes by 8 writers, %d through the journal (%d failed, %d queued)%n",
				getClass().getSimpleName(), result.writes() + 3, journaled, this.app.journaled("failed"),
				this.app.journaled("queued"));
		assertThat(result.writes()).isGreaterThanOrEqualTo(2000);
		assertThat(journaled).isGreaterThan(0);
		assertThat(this.app.journaled("queued")).isGreaterThan(0);
	}

}
