package io.github.phasedmigration.sample.payments;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The old ledger: the payment status column of the orders table. Its bean is also proxied for
 * transactions, beside the migration.
 */
@Primary
@Repository
public class OrdersTableLedger implements PaymentLedger {

	private final JdbcClient jdbc;

	public OrdersTableLedger(@Qualifier(LedgerDatabases.OLD_JDBC_CLIENT) JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public List<Long> customersWithPendingPayments() {
		return this.jdbc
			.sql("SELECT DISTINCT customer_id FROM orders WHERE payment_status = 'PENDING' ORDER BY customer_id")
			.query(Long.class)
			.list();
	}

	@Override
	@Transactional(readOnly = true)
	public boolean isPending(long orderId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM orders WHERE id = ? AND payment_status = 'PENDING'")
			.param(orderId)
			.query(Long.class)
			.single() > 0;
	}

	@Override
	public void recordPending(long orderId, long customerId, long amountCents) {
		this.jdbc.sql("UPDATE orders SET payment_status = 'PENDING' WHERE id = ?").param(orderId).update();
	}

	@Override
	public void markPaid(long orderId) {
		int updated = this.jdbc.sql("UPDATE orders SET payment_status = 'PAID' WHERE id = ?").param(orderId).update();
		if (updated == 0) {
			throw new OrderNotFoundException(orderId);
		}
	}

}
