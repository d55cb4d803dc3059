package io.github.phasedmigration.sample.payments;

import java.sql.ResultSet;
import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The new ledger: one row per unpaid order in pending_payments. Its writes are idempotent (an
 * upsert, a delete by key), so a replayed write does no harm. It runs on H2 (the default profile)
 * and on PostgreSQL (the profile cross-db); the upsert is written for the one it finds.
 */
@Repository
public class PendingPaymentsLedger implements PaymentLedger {

	private final JdbcClient jdbc;

	private volatile String upsert;

	public PendingPaymentsLedger(@Qualifier(LedgerDatabases.NEW_JDBC_CLIENT) JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<Long> customersWithPendingPayments() {
		return this.jdbc.sql("SELECT DISTINCT customer_id FROM pending_payments ORDER BY customer_id")
			.query(Long.class)
			.list();
	}

	@Override
	public boolean isPending(long orderId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM pending_payments WHERE order_id = ?")
			.param(orderId)
			.query(Long.class)
			.single() > 0;
	}

	@Override
	public void recordPending(long orderId, long customerId, long amountCents) {
		this.jdbc.sql(upsert()).params(orderId, customerId, amountCents).update();
	}

	@Override
	public void markPaid(long orderId) {
		this.jdbc.sql("DELETE FROM pending_payments WHERE order_id = ?").param(orderId).update();
	}

	// chosen at the first write, not at start-up: reads and start-up do not need it
	private String upsert() {
		String upsert = this.upsert;
		if (upsert == null) {
			upsert = upsertFor(databaseProduct());
			this.upsert = upsert;
		}
		return upsert;
	}

	private static String upsertFor(String product) {
		return switch (DatabaseDriver.fromProductName(product)) {
			case H2 -> "MERGE INTO pending_payments (order_id, customer_id, amount_cents) KEY (order_id) VALUES (?, ?, ?)";
			// ON CONFLICT, not MERGE: PostgreSQL's MERGE can fail on a concurrent insert of the same key
			case POSTGRESQL -> "INSERT INTO pending_payments (order_id, customer_id, amount_cents) VALUES (?, ?, ?)"
					+ " ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,"
					+ " amount_cents = EXCLUDED.amount_cents";
			default -> throw new IllegalStateException(
					"PendingPaymentsLedger has no upsert for " + product + "; it runs on H2 and PostgreSQL");
		};
	}

	// a JdbcClient does not hand out its DataSource: the connection that runs a trivial query names it
	private String databaseProduct() {
		return this.jdbc.sql("SELECT 1")
			.query((ResultSet rs) -> rs.getStatement().getConnection().getMetaData().getDatabaseProductName());
	}

}
