package io.github.phasedmigration.sample.crossdb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases.Database;

/**
 * The two databases of one test class, fresh from {@link RealDatabases}: MariaDB for the old side
 * (and the journal), PostgreSQL for the new side behind a {@link NewDatabaseProxy}. Reads both
 * directly, never through the proxy, to tell what each side holds.
 */
final class CrossDatabases implements AutoCloseable {

	private final String oldUrl;

	private final String newUrl;

	private final JdbcClient oldSide;

	private final JdbcClient newSide;

	private final NewDatabaseProxy proxy;

	private CrossDatabases(DataSource oldDataSource, DataSource newDataSource) {
		// RealDatabases hands out pools; their URLs name the fresh databases the application must use
		this.oldUrl = ((HikariDataSource) oldDataSource).getJdbcUrl();
		String newUrl = ((HikariDataSource) newDataSource).getJdbcUrl();
		this.proxy = NewDatabaseProxy.to(newUrl);
		// bounds how long a statement can wait on a connection the proxy left half open
		this.newUrl = this.proxy.proxied(newUrl) + (newUrl.contains("?") ? "&" : "?") + "socketTimeout=10";
		this.oldSide = JdbcClient.create(oldDataSource);
		this.newSide = JdbcClient.create(newDataSource);
	}

	/** Creates this test class's databases (or skips the test when a server is missing). */
	static CrossDatabases of(RealDatabases databases) {
		return new CrossDatabases(databases.dataSource(Database.MARIADB), databases.dataSource(Database.POSTGRESQL));
	}

	String oldUrl() {
		return this.oldUrl;
	}

	/** The new database's URL through the proxy, as the application connects. */
	String newUrl() {
		return this.newUrl;
	}

	NewDatabaseProxy proxy() {
		return this.proxy;
	}

	/** The old side's database, read and written directly: the orders table, the journal, the checkpoints. */
	JdbcClient oldSide() {
		return this.oldSide;
	}

	/** The new side's database, read and written directly, not through the proxy: pending_payments. */
	JdbcClient newSide() {
		return this.newSide;
	}

	/**
	 * The backfill's checkpoint row of a migration, lease included, as the checkpoint table (in the
	 * old side's database, beside the journal) holds it; empty before the backfill first started.
	 */
	Optional<Checkpoint> checkpoint(String migration) {
		return this.oldSide
			.sql("SELECT state, last_key, rows_done, rows_total, started_at, finished_at, lease_owner, lease_until"
					+ " FROM migration_backfill WHERE migration = ?")
			.param(migration)
			.query((rs, row) -> new Checkpoint(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
					rs.getLong(5), rs.getObject(6, Long.class), rs.getString(7), rs.getObject(8, Long.class)))
			.optional();
	}

	/** The pending payments as old has them: the PENDING orders of the orders table. */
	Set<PendingPayment> oldPending() {
		return new HashSet<>(this.oldSide
			.sql("SELECT id, customer_id, amount_cents FROM orders WHERE payment_status = 'PENDING'")
			.query((rs, row) -> new PendingPayment(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.list());
	}

	/** The pending payments as new has them: the rows of pending_payments. */
	Set<PendingPayment> newPending() {
		return new HashSet<>(this.newSide.sql("SELECT order_id, customer_id, amount_cents FROM pending_payments")
			.query((rs, row) -> new PendingPayment(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.list());
	}

	/** What one side has and the other lacks; empty when both hold exactly the same rows. */
	Difference difference() {
		Set<PendingPayment> inOld = oldPending();
		Set<PendingPayment> inNew = newPending();
		List<PendingPayment> onlyInOld = new ArrayList<>(inOld);
		onlyInOld.removeAll(inNew);
		List<PendingPayment> onlyInNew = new ArrayList<>(inNew);
		onlyInNew.removeAll(inOld);
		return new Difference(inOld.size(), inNew.size(), onlyInOld, onlyInNew);
	}

	/** Entries in the journal table (in the old side's database), of any status. */
	long journalEntries() {
		return this.oldSide.sql("SELECT COUNT(*) FROM migration_journal").query(Long.class).single();
	}

	/** Entries in the journal table with that status (PENDING, REPLAYING, PARKED). */
	long journalEntries(String status) {
		return this.oldSide.sql("SELECT COUNT(*) FROM migration_journal WHERE status = ?")
			.param(status)
			.query(Long.class)
			.single();
	}

	/** The journal's entries of one migration key, oldest first. */
	List<JournalRow> journalEntriesOfKey(String key) {
		return this.oldSide.sql("SELECT id, cause, arguments FROM migration_journal WHERE entity_key = ? ORDER BY id")
			.param(key)
			.query((rs, row) -> new JournalRow(rs.getLong(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/** The journal's keys, to tell which orders have entries. */
	Set<String> journalKeys() {
		return new HashSet<>(this.oldSide.sql("SELECT entity_key FROM migration_journal").query(String.class).list());
	}

	long orders(Set<Long> ids) {
		return ids.isEmpty() ? 0 : this.oldSide.sql("SELECT COUNT(*) FROM orders WHERE id IN (:ids)")
			.param("ids", ids)
			.query(Long.class)
			.single();
	}

	long pendingPayments(Set<Long> orderIds) {
		return orderIds.isEmpty() ? 0 : this.newSide.sql("SELECT COUNT(*) FROM pending_payments WHERE order_id IN (:ids)")
			.param("ids", orderIds)
			.query(Long.class)
			.single();
	}

	/** The amount that new holds for an order, or -1 when it has no row. */
	long newAmount(long orderId) {
		return this.newSide.sql("SELECT amount_cents FROM pending_payments WHERE order_id = ?")
			.param(orderId)
			.query(Long.class)
			.optional()
			.orElse(-1L);
	}

	@Override
	public void close() {
		this.proxy.close();
	}

	/** One unpaid order: what both sides must agree on. */
	record PendingPayment(long orderId, long customerId, long amountCents) {
	}

	/** A backfill's checkpoint row; times in epoch milliseconds, no lease when the owner is null. */
	record Checkpoint(String state, String lastKey, long rowsDone, long rowsTotal, long startedAt, Long finishedAt,
			String leaseOwner, Long leaseUntil) {
	}

	/** One row of the journal. */
	record JournalRow(long id, String cause, String arguments) {
	}

	/** How old and new differ; shows at most a few rows of each side. */
	record Difference(int oldRows, int newRows, List<PendingPayment> onlyInOld, List<PendingPayment> onlyInNew) {

		boolean none() {
			return this.onlyInOld.isEmpty() && this.onlyInNew.isEmpty();
		}

		@Override
		public String toString() {
			return "old " + this.oldRows + " rows, new " + this.newRows + " rows; only in old (" + this.onlyInOld.size()
					+ "): " + first(this.onlyInOld) + "; only in new (" + this.onlyInNew.size() + "): "
					+ first(this.onlyInNew);
		}

		private static List<PendingPayment> first(List<PendingPayment> rows) {
			return rows.subList(0, Math.min(10, rows.size()));
		}

	}

}
