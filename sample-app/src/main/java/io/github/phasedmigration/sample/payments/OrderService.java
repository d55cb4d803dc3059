package io.github.phasedmigration.sample.payments;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders and takes payments; the ledger behind it is being migrated. */
@Service
public class OrderService {

	private final JdbcClient jdbc;

	private final PaymentLedger ledger;

	public OrderService(JdbcClient jdbc, PaymentLedger ledger) {
		this.jdbc = jdbc;
		this.ledger = ledger;
	}

	/**
	 * Stores a new order and records it as waiting for payment; returns its id. Both writes of the
	 * ledger run on this thread, so they join this transaction.
	 */
	@Transactional
	public long placeOrder(long customerId, long amountCents) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO orders (customer_id, amount_cents, payment_status) VALUES (?, ?, 'NEW')")
			.params(customerId, amountCents)
			.update(keys, "id");
		long orderId = keys.getKeyAs(Long.class);
		this.ledger.recordPending(orderId, customerId, amountCents);
		return orderId;
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
