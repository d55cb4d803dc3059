package io.github.phasedmigration.sample.crossdb;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.BackfillStatus;
import io.github.phasedmigration.core.backfill.VerifyOptions;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.VerifyState;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backfill copies the history while eight writers keep placing, changing and paying orders in
 * SHADOW (dual writes), old orders of the history among them. The backfill inserts only what new
 * lacks, so a dual write of an order always wins over the backfill's older copy; the one race left
 * is a payment between the backfill's read of a chunk and its insert, which puts a paid order back
 * into new. Verify finds such keys, repair removes them, and then both sides hold the same orders.
 */
class BackfillUnderWriteLoadTest {

	private static final String MIGRATION = SampleInstance.MIGRATION;

	private static final int ORDERS = 50_000;

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private CrossDatabases databases;

	private SampleInstance app;

	private Workload.Running writers;

	@BeforeEach
	void start() {
		this.databases = CrossDatabases.of(realDatabases);
		// 15,000 unpaid orders at 3,000 rows/s: about five seconds of copying under load
		this.app = SampleInstance.on(this.databases).named("backfill-under-load")
			.property("sample.history.orders", Integer.toString(ORDERS))
			.property("migration.backfill.chunk-size", "500")
			.property("migration.backfill.rows-per-second", "3000")
			.property("migration.backfill.verify.recheck-delay", "500ms")
			.start();
	}

	@AfterEach
	void stop() throws Exception {
		try {
			if (this.writers != null) {
				this.writers.stop();
				this.writers.await(Duration.ofSeconds(60));
			}
		}
		finally {
			if (this.app != null) {
				this.app.close();
			}
			if (this.databases != null) {
				this.databases.close();
			}
		}
	}

	@Test
	void verifyAndRepairLeaveBothSidesEqualAfterABackfillUnderWriteLoad() throws Exception {
		List<Long> history = this.databases.oldPending().stream().map(CrossDatabases.PendingPayment::orderId).toList();
		assertThat(history).as("unpaid orders of the history").hasSize(ORDERS / 10 * 3);
		assertThat(this.databases.newPending()).as("new before the backfill").isEmpty();

		this.writers = Workload.on(this.app)
			.threads(8)
			.operationsPerThread(1_000_000)
			.changingAmounts(0.2)
			.touchingHistory(history, 0.3)
			.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.writers.completed() >= 200);
		Backfills backfills = this.app.backfills();
		int writesBefore = this.writers.completed();
		backfills.start(MIGRATION, false);
		BackfillStatus completed = await("backfill completed").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> backfills.status(MIGRATION), (status) -> status.state() != BackfillState.RUNNING);
		int writesDuring = this.writers.completed() - writesBefore;
		this.writers.stop();
		Workload.Result result = this.writers.await(Duration.ofSeconds(60));
		int historyTouched = this.writers.historyTouched();
		this.writers = null;
		assertThat(completed.state()).as("backfill: %s", completed.lastError()).isEqualTo(BackfillState.COMPLETED);
		assertThat(result.failures()).as("what callers got thrown").isEmpty();
		assertThat(completed.rowsDone()).as("rows copied: at least the unpaid history not paid before the copy")
			.isGreaterThan(history.size() / 2);
		await("journal empty").atMost(Duration.ofSeconds(30))
			.until(() -> this.databases.journalEntries() == 0);

		VerifyReport first = verify(backfills, this.app.verifyOptions(false, false));
		long differences = differences(first);
		assertThat(first.pendingInJournal()).as("keys pending in the journal").isZero();
		assertThat(first.repaired() + first.deleted()).as("a verify without repair repairs nothing").isZero();
		// the backfill inserts only what new lacks: it never overwrites a dual write, nor misses an unpaid order
		assertThat(first.differing()).as("keys whose amounts differ: %s", first.samples()).isZero();
		assertThat(first.onlyInOld()).as("keys only in old: %s", first.samples()).isZero();
		VerifyReport repair = null;
		if (differences > 0) {
			// the payment race: a paid order copied back into new; deleting it is the repair
			repair = verify(backfills, this.app.verifyOptions(true, true));
			assertThat(repair.repaired() + repair.deleted()).as("repaired and deleted: %s", repair)
				.isEqualTo(differences);
			assertThat(differences(repair)).as("left after the repair: %s", repair).isZero();
			VerifyReport second = verify(backfills, this.app.verifyOptions(false, false));
			assertThat(differences(second)).as("found by the verify after the repair: %s", second).isZero();
		}
		Convergence.reached(this.databases);
		assertThat(first.rowsCompared()).as("keys compared").isEqualTo(this.databases.oldPending().size() + first.onlyInNew());
		System.out.printf("%s: %,d orders, %,d unpaid; the backfill copied %,d rows while 8 writers did %,d writes "
				+ "(%,d of them during the copy, %,d to orders of the history); the first verify compared %,d keys and "
				+ "found %d differences (%d only in old, %d only in new, %d different); repair fixed %d (%d written, "
				+ "%d deleted)%n", getClass().getSimpleName(), ORDERS, history.size(), completed.rowsDone(),
				result.writes(), writesDuring, historyTouched, first.rowsCompared(), differences, first.onlyInOld(),
				first.onlyInNew(), first.differing(), (repair != null) ? repair.repaired() + repair.deleted() : 0,
				(repair != null) ? repair.repaired() : 0, (repair != null) ? repair.deleted() : 0);
		assertThat(historyTouched).as("writes to orders of the history").isGreaterThan(0);
	}

	/** Runs a verify on the instance and waits for its final report. */
	private static VerifyReport verify(Backfills backfills, VerifyOptions options) throws InterruptedException {
		backfills.verify(MIGRATION, options);
		VerifyReport report = await("verify" + (options.repair() ? " with repair" : "")).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> backfills.lastVerify(MIGRATION).orElseThrow(), (last) -> last.state() != VerifyState.RUNNING);
		assertThat(report.state()).as("verify: %s", report.error()).isEqualTo(VerifyState.COMPLETED);
		return report;
	}

	private static long differences(VerifyReport report) {
		return report.onlyInOld() + report.onlyInNew() + report.differing();
	}

}
