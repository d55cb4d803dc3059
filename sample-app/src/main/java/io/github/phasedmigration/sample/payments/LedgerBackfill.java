package io.github.phasedmigration.sample.payments;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.phasedmigration.backfill.jdbc.JdbcBackfillTable;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillSource;
import io.github.phasedmigration.core.backfill.BackfillStore;

/**
 * The history of customer-source: every unpaid order of old's orders table, copied into new's
 * pending_payments table by the backfill, compared by verify, repaired where they differ. Started
 * through {@code POST /actuator/migrations/customer-source/backfill} or at start-up with
 * {@code migration.backfill.start-on-startup=customer-source}.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerBackfill {

	@Bean
	Backfill<Long, PendingPayment> customerSourceBackfill(DataSource oldDataSource,
			@Qualifier(LedgerDatabases.NEW_DATA_SOURCE) ObjectProvider<DataSource> newDataSource) {
		// old: the unpaid orders, in the shape of new's rows; read in order of the orders' id
		BackfillSource<Long, PendingPayment> unpaidOrders = JdbcBackfillTable
			.builder(oldDataSource, Long.class, PendingPayment.class)
			.select("id AS order_id, customer_id, amount_cents")
			.from("orders")
			.where("payment_status = 'PENDING'")
			.keyColumn("id")
			.keyOf(PendingPayment::orderId)
			.build();
		// new: the pending_payments table, read and written as it is
		BackfillStore<Long, PendingPayment> pendingPayments = JdbcBackfillTable
			.builder(newDataSource.getIfAvailable(() -> oldDataSource), Long.class, PendingPayment.class)
			.table("pending_payments")
			.keyColumn("order_id")
			.columns("order_id", "customer_id", "amount_cents")
			.build();
		return Backfill.<Long, PendingPayment>of("customer-source", Long.class)
			.from(unpaidOrders, new OrdersTableSink(new JdbcTemplate(oldDataSource)))
			.to(pendingPayments)
			.build();
	}

}
