package io.github.phasedmigration.sample.payments;

import java.util.List;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Where the service keeps track of unpaid orders. The old implementation reads the status column
 * of the orders table; the new one keeps a dedicated pending_payments table. The annotations sit
 * on the interface, as they would on a repository.
 *
 * <p>The writes name their migration key, the order: while a second write of an order waits in the
 * reconciliation journal, later second writes of that order queue behind it, so that a replayed
 * older write never overwrites a newer one.
 */
public interface PaymentLedger {

	/** Ids of the customers who have at least one unpaid order, ascending. */
	@PhasedMigration(name = "customer-source", newImpl = PendingPaymentsLedger.class)
	List<Long> customersWithPendingPayments();

	/** Whether an order waits for its payment. */
	@PhasedMigration(name = "customer-source", newImpl = PendingPaymentsLedger.class)
	boolean isPending(long orderId);

	/** Records that an order waits for its payment, of that amount (again, when the amount changed). */
	@PhasedMigration(name = "customer-source", newImpl = PendingPaymentsLedger.class, kind = MigrationKind.WRITE,
			key = "#orderId")
	void recordPending(long orderId, long customerId, long amountCents);

	/** Records that an order has been paid. */
	@PhasedMigration(name = "customer-source", newImpl = PendingPaymentsLedger.class, kind = MigrationKind.WRITE,
			key = "#orderId")
	void markPaid(long orderId);

}
