package io.github.phasedmigration.sample.crossdb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.VerifyDifference.Kind;
import io.github.phasedmigration.core.backfill.VerifyDifference;
import io.github.phasedmigration.core.backfill.VerifyOptions;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.VerifyState;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;
import io.github.phasedmigration.sample.AppHttp;
import io.github.phasedmigration.sample.crossdb.CrossDatabases.PendingPayment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a completed backfill, differences planted behind the application's back with plain JDBC:
 * verify reports exactly those keys, of the right kind, and repair fixes exactly those, toward the
 * authoritative side: new in SHADOW (old's version written, new's extra rows deleted), old in
 * REVERSE_SHADOW (new's version written to the orders table, orders new lacks marked paid).
 */
class VerifyFindsPlantedDifferencesTest {

	private static final String MIGRATION = SampleInstance.MIGRATION;

	private static final int ORDERS = 20_000;

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private CrossDatabases databases;

	private SampleInstance app;

	@BeforeEach
	void start() {
		this.databases = CrossDatabases.of(realDatabases);
		// several verify chunks, so that the planted keys fall into different ones
		this.app = SampleInstance.on(this.databases).named("planted")
			.property("sample.history.orders", Integer.toString(ORDERS))
			.property("migration.backfill.chunk-size", "1000")
			.property("migration.backfill.verify.recheck-delay", "100ms")
			.property("migration.backfill.verify.sample-size", "50")
			.start();
	}

	@AfterEach
	void stop() {
		try {
			if (this.app != null) {
				this.app.close();
			}
		}
		finally {
			if (this.databases != null) {
				this.databases.close();
			}
		}
	}

	@Test
	void verifyReportsExactlyThePlantedDifferencesAndRepairFixesThem() throws Exception {
		Backfills backfills = this.app.backfills();
		backfills.start(MIGRATION, false);
		await("backfill completed").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> backfills.status(MIGRATION).state() == BackfillState.COMPLETED);
		assertThat(backfills.awaitIdle(Duration.ofSeconds(10))).isTrue();
		List<PendingPayment> unpaid = this.databases.oldPending()
			.stream()
			.sorted((a, b) -> Long.compare(a.orderId(), b.orderId()))
			.toList();
		assertThat(unpaid).hasSize(ORDERS / 10 * 3);
		VerifyReport clean = verify(backfills, false, false);
		assertThat(differences(clean)).as("differences right after the backfill: %s", clean).isZero();
		assertThat(clean.rowsCompared()).isEqualTo(unpaid.size());

		// SHADOW: old is authoritative. Keys spread over the 6 verify chunks, first and last included
		List<PendingPayment> missingInNew = pick(unpaid, 0, 1_500, 2_999, 4_400, 5_999);
		List<PendingPayment> paidInOld = pick(unpaid, 7, 2_000, 3_500, 5_000);
		List<PendingPayment> otherAmountInNew = pick(unpaid, 50, 1_234, 4_321);
		missingInNew.forEach((row) -> deleteFromNew(row.orderId()));
		paidInOld.forEach((row) -> setStatusInOld(row.orderId(), "PAID"));
		otherAmountInNew.forEach((row) -> setAmountInNew(row.orderId(), row.amountCents() + 1));

		VerifyReport found = verify(backfills, false, false);
		assertThat(found.mode().name()).isEqualTo("SHADOW");
		assertThat(found.onlyInOld()).as("only in old").isEqualTo(missingInNew.size());
		assertThat(found.onlyInNew()).as("only in new").isEqualTo(paidInOld.size());
		assertThat(found.differing()).as("different").isEqualTo(otherAmountInNew.size());
		assertThat(found.pendingInJournal()).isZero();
		assertThat(found.rowsCompared()).as("keys held by either side").isEqualTo(unpaid.size());
		assertThat(keys(found, Kind.ONLY_IN_OLD)).isEqualTo(keysOf(missingInNew));
		assertThat(keys(found, Kind.ONLY_IN_NEW)).isEqualTo(keysOf(paidInOld));
		assertThat(keys(found, Kind.DIFFERENT)).isEqualTo(keysOf(otherAmountInNew));
		for (PendingPayment row : otherAmountInNew) {
			assertThat(sample(found, row.orderId()).differences()).as("what differs for order %d", row.orderId())
				.containsExactly(".amountCents: " + row.amountCents() + " != " + (row.amountCents() + 1));
		}
		assertThat(this.databases.difference().none()).as("repair is not verify: nothing changed yet").isFalse();

		VerifyReport repaired = verify(backfills, true, true);
		assertThat(repaired.repaired()).as("written to new").isEqualTo(missingInNew.size() + otherAmountInNew.size());
		assertThat(repaired.deleted()).as("deleted from new").isEqualTo(paidInOld.size());
		assertThat(differences(repaired)).as("left after the repair: %s", repaired).isZero();
		assertThat(repaired.samples()).isEmpty();
		VerifyReport after = verify(backfills, false, false);
		assertThat(differences(after)).as("found after the repair: %s", after).isZero();
		Convergence.reached(this.databases);
		assertThat(this.databases.newPending()).as("new after the repair: old's rows")
			.containsAll(missingInNew)
			.containsAll(otherAmountInNew)
			.doesNotContainAnyElementsOf(paidInOld);

		// REVERSE_SHADOW: new is authoritative, and repair writes to old's orders table
		AppHttp http = AppHttp.on(this.app.port());
		http.post("/actuator/migrations/" + MIGRATION,
				"{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"reason\": \"VerifyFindsPlantedDifferencesTest\"}");
		List<PendingPayment> current = this.databases.oldPending()
			.stream()
			.sorted((a, b) -> Long.compare(a.orderId(), b.orderId()))
			.toList();
		PendingPayment otherAmountInOld = current.get(300);
		PendingPayment onlyInNew = current.get(3_300);
		PendingPayment onlyInOld = current.get(5_300);
		this.databases.oldSide()
			.sql("UPDATE orders SET amount_cents = ? WHERE id = ?")
			.params(otherAmountInOld.amountCents() + 500, otherAmountInOld.orderId())
			.update();
		setStatusInOld(onlyInNew.orderId(), "PAID");
		deleteFromNew(onlyInOld.orderId());

		VerifyReport reverse = verify(backfills, false, false);
		assertThat(reverse.mode().name()).isEqualTo("REVERSE_SHADOW");
		assertThat(List.of(reverse.onlyInOld(), reverse.onlyInNew(), reverse.differing())).as("only in old, only in "
				+ "new, different: %s", reverse.samples()).containsExactly(1L, 1L, 1L);
		assertThat(sample(reverse, otherAmountInOld.orderId()).differences())
			.containsExactly(".amountCents: " + (otherAmountInOld.amountCents() + 500) + " != "
					+ otherAmountInOld.amountCents());
		VerifyReport reverseRepaired = verify(backfills, true, true);
		assertThat(reverseRepaired.repaired()).as("written to old").isEqualTo(2);
		assertThat(reverseRepaired.deleted()).as("marked paid in old").isEqualTo(1);
		assertThat(differences(reverseRepaired)).as("left after the repair: %s", reverseRepaired).isZero();
		assertThat(this.databases.oldPending()).as("old after the repair: new's rows")
			.contains(otherAmountInOld, onlyInNew)
			.doesNotContain(onlyInOld);
		assertThat(this.databases.oldSide()
			.sql("SELECT payment_status FROM orders WHERE id = ?")
			.param(onlyInOld.orderId())
			.query(String.class)
			.single()).as("status in old of the order new no longer has").isEqualTo("PAID");
		assertThat(differences(verify(backfills, false, false))).as("found after the repair in REVERSE_SHADOW").isZero();
		Convergence.reached(this.databases);

		System.out.printf("%s: %,d orders, %,d unpaid copied; SHADOW: planted %d only in old, %d only in new, "
				+ "%d different, verify found %d, %d, %d; repair wrote %d to new and deleted %d; REVERSE_SHADOW: "
				+ "planted 1 of each, repair wrote %d to old and marked %d paid; old == new with %,d rows%n",
				getClass().getSimpleName(), ORDERS, unpaid.size(), missingInNew.size(), paidInOld.size(),
				otherAmountInNew.size(), found.onlyInOld(), found.onlyInNew(), found.differing(), repaired.repaired(),
				repaired.deleted(), reverseRepaired.repaired(), reverseRepaired.deleted(),
				this.databases.newPending().size());
	}

	private void deleteFromNew(long orderId) {
		assertThat(this.databases.newSide().sql("DELETE FROM pending_payments WHERE order_id = ?").param(orderId).update())
			.isOne();
	}

	private void setStatusInOld(long orderId, String status) {
		assertThat(this.databases.oldSide()
			.sql("UPDATE orders SET payment_status = ? WHERE id = ?")
			.params(status, orderId)
			.update()).isOne();
	}

	private void setAmountInNew(long orderId, long amountCents) {
		assertThat(this.databases.newSide()
			.sql("UPDATE pending_payments SET amount_cents = ? WHERE order_id = ?")
			.params(amountCents, orderId)
			.update()).isOne();
	}

	/** Runs a verify on the instance and waits for its final report, and for the verify to end. */
	private VerifyReport verify(Backfills backfills, boolean repair, boolean deleteExtra) throws InterruptedException {
		VerifyOptions options = this.app.verifyOptions(repair, deleteExtra);
		backfills.verify(MIGRATION, options);
		VerifyReport report = await("verify" + (repair ? " with repair" : "")).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> backfills.lastVerify(MIGRATION).orElseThrow(), (last) -> last.state() != VerifyState.RUNNING);
		assertThat(report.state()).as("verify: %s", report.error()).isEqualTo(VerifyState.COMPLETED);
		return report;
	}

	private static List<PendingPayment> pick(List<PendingPayment> rows, int... positions) {
		return IntStream.of(positions).mapToObj(rows::get).toList();
	}

	private static Set<String> keysOf(List<PendingPayment> rows) {
		return rows.stream().map((row) -> Long.toString(row.orderId())).collect(Collectors.toSet());
	}

	private static Set<String> keys(VerifyReport report, Kind kind) {
		return report.samples()
			.stream()
			.filter((sample) -> sample.kind() == kind)
			.map(VerifyDifference::key)
			.collect(Collectors.toSet());
	}

	private static VerifyDifference sample(VerifyReport report, long orderId) {
		Map<String, VerifyDifference> byKey = report.samples()
			.stream()
			.collect(Collectors.toMap(VerifyDifference::key, (sample) -> sample));
		assertThat(byKey).as("samples").containsKey(Long.toString(orderId));
		return byKey.get(Long.toString(orderId));
	}

	private static long differences(VerifyReport report) {
		return report.onlyInOld() + report.onlyInNew() + report.differing();
	}

}
