package io.github.phasedmigration.sample.crossdb;

import org.springframework.transaction.annotation.Transactional;

import io.github.phasedmigration.sample.payments.OrderService;

/**
 * A caller whose transaction rolls back after the ledger wrote: it places an order (the ledger's
 * first write included) inside its own transaction and then fails, as a business rule checked last
 * would. Nothing of that order may reach new (invariant I2). Not a component: only the tests that
 * add it to their application have it.
 */
public class RollingBackOrders {

	private final OrderService orders;

	public RollingBackOrders(OrderService orders) {
		this.orders = orders;
	}

	/** Places an order and throws {@link RolledBack}, which rolls the whole transaction back. */
	@Transactional
	public void placeOrderThenFail(long customerId, long amountCents) {
		long orderId = this.orders.placeOrder(customerId, amountCents);
		throw new RolledBack(orderId);
	}

	/** The caller's failure, naming the order that it rolled back. */
	public static final class RolledBack extends RuntimeException {

		private final long orderId;

		RolledBack(long orderId) {
			super("Rolled back order " + orderId, null, false, false);
			this.orderId = orderId;
		}

		public long orderId() {
			return this.orderId;
		}

	}

}
