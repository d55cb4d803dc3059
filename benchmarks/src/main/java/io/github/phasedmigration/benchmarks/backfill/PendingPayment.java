package io.github.phasedmigration.benchmarks.backfill;

/**
 * A row of the target table {@code pending_payments}, and of the source table {@code orders} as
 * the backfill reads it ({@code id AS order_id, customer_id, amount_cents}): the record both sides
 * of the backfill and of verify are made of.
 *
 * @param orderId the key
 * @param customerId the customer
 * @param amountCents the amount
 */
public record PendingPayment(long orderId, long customerId, long amountCents) {
}
