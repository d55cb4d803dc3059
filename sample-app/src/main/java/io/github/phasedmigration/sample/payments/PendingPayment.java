package io.github.phasedmigration.sample.payments;

/**
 * An unpaid order as the migration customer-source sees it on both sides: a row of pending_payments
 * (new), or an order of the orders table whose status is PENDING (old). The backfill copies them,
 * verify compares them.
 *
 * @param orderId the order, the migration key
 * @param customerId who pays
 * @param amountCents how much
 */
public record PendingPayment(long orderId, long customerId, long amountCents) {

}
