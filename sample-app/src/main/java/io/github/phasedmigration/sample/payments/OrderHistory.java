package io.github.phasedmigration.sample.payments;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A generated history of orders in old's orders table, for the backfill to copy: with
 * {@code sample.history.orders=200000}, that many orders are inserted at start-up when the table
 * holds fewer than that, three in ten of them unpaid. The same number always gives the same
 * orders (customer, amount and status follow from the order's position), so a run can be checked.
 */
@Component
@DependsOnDatabaseInitialization
public class OrderHistory implements InitializingBean {

	private static final Log logger = LogFactory.getLog(OrderHistory.class);

	private static final int BATCH = 5_000;

	private final JdbcClient jdbc;

	private final int orders;

	public OrderHistory(@Qualifier(LedgerDatabases.OLD_JDBC_CLIENT) JdbcClient jdbc,
			@Value("${sample.history.orders:0}") int orders) {
		if (orders < 0) {
			throw new IllegalArgumentException("sample.history.orders must be 0 or more, was " + orders);
		}
		this.jdbc = jdbc;
		this.orders = orders;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.orders == 0) {
			return;
		}
		long existing = this.jdbc.sql("SELECT COUNT(*) FROM orders").query(Long.class).single();
		if (existing >= this.orders) {
			logger.info("Order history: the orders table already holds " + existing + " orders");
			return;
		}
		long started = System.nanoTime();
		for (int from = 0; from < this.orders; from += BATCH) {
			insert(from, Math.min(this.orders, from + BATCH));
		}
		logger.info("Order history: " + this.orders + " orders inserted in "
				+ (System.nanoTime() - started) / 1_000_000 + " ms, " + unpaid(this.orders) + " of them unpaid");
	}

	private void insert(int from, int to) {
		StringBuilder sql = new StringBuilder("INSERT INTO orders (customer_id, amount_cents, payment_status) VALUES ");
		List<Object> values = new ArrayList<>(3 * (to - from));
		for (int i = from; i < to; i++) {
			sql.append((i > from) ? ", (?, ?, ?)" : "(?, ?, ?)");
			values.add(1_000L + i % 5_000);
			values.add(100L + (i * 7_919L) % 100_000);
			values.add((i % 10 < 3) ? "PENDING" : "PAID");
		}
		this.jdbc.sql(sql.toString()).params(values).update();
	}

	/** How many of the first {@code orders} orders of the history are unpaid. */
	static long unpaid(int orders) {
		return (orders / 10) * 3L + Math.min(3, orders % 10);
	}

}
