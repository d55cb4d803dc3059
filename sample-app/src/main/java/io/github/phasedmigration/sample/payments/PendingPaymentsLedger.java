package io.github.phasedmigration.sample.payments;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The new ledger: one row per unpaid order in pending_payments. Its writes are idempotent (an
 * upsert, a delete by key), so a replayed write does no harm.
 */
@Repository
public class PendingPaymentsLedger implements PaymentLedger {

	private final JdbcClient jdbc;

	public PendingPaymentsLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<Long> customersWithPendingPayments() {
		return this.jdbc.sql("SELECT DISTINCT customer_id FROM pending_payments ORDER BY customer_id")
			.query(Long.class)
			.list();
	}

	@Override
	public void recordPending(long orderId, long customerId, long amountCents) {
		this.jdbc.sql("MERGE INTO pending_payments (order_id, customer_id, amount_cents) KEY (order_id) VALUES (?, ?, ?)")
			.params(orderId, customerId, amountCents)
			.update();
	}

	@Override
	public void markPaid(long orderId) {
		this.jdbc.sql("DELETE FROM pending_payments WHERE order_id = ?").param(orderId).update();
	}

}
