package io.github.phasedmigration.sample.payments;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders and takes payments; the ledger behind it is being migrated. Its own writes go to
 * the old side's database, in the transaction of each method.
 */
@Service
public class OrderService {

	private final JdbcClient jdbc;

	private final PaymentLedger ledger;

	public OrderService(@Qualifier(LedgerDatabases.OLD_JDBC_CLIENT) JdbcClient jdbc, PaymentLedger ledger) {
		this.jdbc = jdbc;
		this.ledger = ledger;
	}

	/**
	 * Stores a new order and records it as waiting for payment; returns its id. The ledger's first
	 * write runs on this thread, in this transaction; its second one after the commit (inside it
	 * with {@code join-transaction}).
	 */
	@Transactional
	public long placeOrder(long customerId, long amountCents) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO orders (customer_id, amount_cents, payment_status) VALUES (?, ?, 'NEW')")
			.params(customerId, amountCents)
			.update(keys, "id");
		// MariaDB hands the generated key back as a BigInteger, H2 as a Long
		long orderId = keys.getKeyAs(Number.class).longValue();
		this.ledger.recordPending(orderId, customerId, amountCents);
		return orderId;
	}

	/**
	 * Changes the amount of an unpaid order. Whether it is unpaid is the ledger's answer (a read of
	 * the migration, so it holds in every mode, NEW included, where the orders table's status is no
	 * longer written). The ledger records it again with the new amount: a second write of the same
	 * order, which the migration key keeps in order.
	 */
	@Transactional
	public void changeAmount(long orderId, long amountCents) {
		long customerId = this.jdbc.sql("SELECT customer_id FROM orders WHERE id = ? FOR UPDATE")
			.param(orderId)
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new OrderNotFoundException(orderId));
		if (!this.ledger.isPending(orderId)) {
			throw new OrderNotPendingException(orderId);
		}
		this.jdbc.sql("UPDATE orders SET amount_cents = ? WHERE id = ?").params(amountCents, orderId).update();
		this.ledger.recordPending(orderId, customerId, amountCents);
	}

	/** Records the payment of an order. */
	public void pay(long orderId) {
		this.ledger.markPaid(orderId);
	}

	/** Customers with unpaid orders. */
	public List<Long> customersWithPendingPayments() {
		return this.ledger.customersWithPendingPayments();
	}

}
