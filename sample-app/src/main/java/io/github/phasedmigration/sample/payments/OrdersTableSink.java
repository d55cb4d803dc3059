package io.github.phasedmigration.sample.payments;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.github.phasedmigration.core.backfill.BackfillSink;

/**
 * Writes pending payments back into old's orders table: repair in REVERSE_SHADOW, where new is
 * authoritative. An order new holds is PENDING with new's amount; an order only old holds as
 * PENDING is one that new no longer has, so it is marked PAID. Both are idempotent.
 */
final class OrdersTableSink implements BackfillSink<Long, PendingPayment> {

	private final JdbcTemplate jdbc;

	OrdersTableSink(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void upsert(List<PendingPayment> records) {
		this.jdbc.batchUpdate("UPDATE orders SET payment_status = 'PENDING', customer_id = ?, amount_cents = ? WHERE id = ?",
				records.stream().map((p) -> new Object[] { p.customerId(), p.amountCents(), p.orderId() }).toList());
	}

	@Override
	public void delete(List<Long> orderIds) {
		this.jdbc.batchUpdate("UPDATE orders SET payment_status = 'PAID' WHERE id = ? AND payment_status = 'PENDING'",
				orderIds.stream().map((id) -> new Object[] { id }).toList());
	}

}
