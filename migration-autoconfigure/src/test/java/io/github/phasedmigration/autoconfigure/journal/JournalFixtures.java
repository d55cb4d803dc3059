package io.github.phasedmigration.autoconfigure.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.core.journal.ForwardingWriteJournal;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.ReplayScope;

/**
 * Applications whose writes are journaled: a payments ledger with an old and a new table in one H2
 * database, whose sides fail on demand, and declarations the journal cannot work with. The
 * {@link Ledger} logs every write attempted, with whether a transaction was active and whether
 * old's row was committed at that moment, so that tests see when a second write ran.
 */
public final class JournalFixtures {

	public static final String PAYMENTS = "payments";

	public static final String CUSTOMERS = "customers";

	public static final String DRAWINGS = "drawings";

	private JournalFixtures() {
	}

	/**
	 * The module's auto-configurations with an embedded H2 {@code DataSource}, its transaction
	 * manager, and a {@link JsonMapper} bean standing in for Boot's Jackson auto-configuration
	 * (spring-boot-jackson is not on this module's test classpath).
	 */
	public static ApplicationContextRunner runner() {
		return MigrationRunners.runner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					MigrationJournalAutoConfiguration.class))
			.withBean(JsonMapper.class, () -> JsonMapper.builder().build());
	}

	/** Rows of the journal table, whatever their status. */
	public static long journalRows(DataSource dataSource) {
		Long rows = new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM migration_journal", Long.class);
		return (rows != null) ? rows : 0;
	}

	/** Whether the database has the journal table. */
	public static boolean hasJournalTable(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection();
				ResultSet tables = connection.getMetaData().getTables(null, null, "MIGRATION_JOURNAL", null)) {
			return tables.next();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public record Payment(String orderId, long cents) {
	}

	/** One write attempted on a side of the ledger. */
	public record Write(String impl, String orderId, long cents, boolean inTransaction, @Nullable Long oldCommitted,
			boolean replay, String thread) {
	}

	/**
	 * Both stores: tables {@code old_payments} and {@code new_payments}. A side that is
	 * {@link #down} throws before it touches its table.
	 */
	public static class Ledger {

		private final DataSource dataSource;

		private final JdbcTemplate jdbc;

		private final Set<String> down = ConcurrentHashMap.newKeySet();

		private final List<Write> writes = new CopyOnWriteArrayList<>();

		public Ledger(DataSource dataSource) {
			this.dataSource = dataSource;
			this.jdbc = new JdbcTemplate(dataSource);
			for (String impl : List.of("old", "new")) {
				this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + impl + "_payments (order_id VARCHAR(50) PRIMARY KEY, "
						+ "cents BIGINT NOT NULL)");
			}
		}

		public void down(String impl) {
			this.down.add(impl);
		}

		public void up(String impl) {
			this.down.remove(impl);
		}

		void write(String impl, Payment payment) {
			this.writes.add(new Write(impl, payment.orderId(), payment.cents(),
					TransactionSynchronizationManager.isActualTransactionActive(), committed("old", payment.orderId()),
					ReplayScope.active(), Thread.currentThread().getName()));
			if (this.down.contains(impl)) {
				throw new IllegalStateException(impl + " store is down");
			}
			// through JdbcTemplate: joins the transaction bound to the thread, if any
			this.jdbc.update("MERGE INTO " + impl + "_payments (order_id, cents) KEY (order_id) VALUES (?, ?)",
					payment.orderId(), payment.cents());
		}

		/** Every write attempted on a side, in order. */
		public List<Write> writes(String impl) {
			return this.writes.stream().filter((write) -> write.impl().equals(impl)).toList();
		}

		/**
		 * The committed amount of an order on a side, read on a connection of its own, outside any
		 * transaction of this thread: what another client of the database sees.
		 */
		public @Nullable Long committed(String impl, String orderId) {
			try (Connection connection = this.dataSource.getConnection();
					PreparedStatement statement = connection
						.prepareStatement("SELECT cents FROM " + impl + "_payments WHERE order_id = ?")) {
				statement.setString(1, orderId);
				try (ResultSet result = statement.executeQuery()) {
					return result.next() ? result.getLong(1) : null;
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** Old side: {@code @Transactional}, so that replays through its proxy show that its advice applied. */
	public static class OldPayments {

		private final Ledger ledger;

		public OldPayments(Ledger ledger) {
			this.ledger = ledger;
		}

		@Transactional
		@PhasedMigration(name = PAYMENTS, newImpl = NewPayments.class, kind = MigrationKind.WRITE)
		public void record(Payment payment) {
			this.ledger.write("old", payment);
		}

		/** Names its own key, so a key configured for the migration does not apply to it. */
		@PhasedMigration(name = PAYMENTS, newImpl = NewPayments.class, kind = MigrationKind.WRITE, key = "#orderId")
		public void refund(String orderId, long cents) {
			this.ledger.write("old", new Payment(orderId, -cents));
		}

		/** Completes on the caller's thread, inside the caller's transaction. */
		@PhasedMigration(name = PAYMENTS, newImpl = NewPayments.class, kind = MigrationKind.WRITE)
		public CompletableFuture<Void> recordAsync(Payment payment) {
			this.ledger.write("old", payment);
			return CompletableFuture.completedFuture(null);
		}

	}

	public static class NewPayments {

		private final Ledger ledger;

		public NewPayments(Ledger ledger) {
			this.ledger = ledger;
		}

		public void record(Payment payment) {
			this.ledger.write("new", payment);
		}

		public void refund(String orderId, long cents) {
			this.ledger.write("new", new Payment(orderId, -cents));
		}

		public CompletableFuture<Void> recordAsync(Payment payment) {
			this.ledger.write("new", payment);
			return CompletableFuture.completedFuture(null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class PaymentsConfiguration {

		@Bean
		Ledger ledger(DataSource dataSource) {
			return new Ledger(dataSource);
		}

		@Bean
		OldPayments oldPayments(Ledger ledger) {
			return new OldPayments(ledger);
		}

		@Bean
		NewPayments newPayments(Ledger ledger) {
			return new NewPayments(ledger);
		}

	}

	// ---- a parameter type Jackson cannot read back

	/** An interface without type information: Jackson cannot tell which class to create. */
	public interface Shape {

		double area();

	}

	public static class OldDrawings {

		@PhasedMigration(name = DRAWINGS, newImpl = NewDrawings.class, kind = MigrationKind.WRITE)
		public void draw(Shape shape) {
		}

	}

	public static class NewDrawings {

		public void draw(Shape shape) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class DrawingsConfiguration {

		@Bean
		OldDrawings oldDrawings() {
			return new OldDrawings();
		}

		@Bean
		NewDrawings newDrawings() {
			return new NewDrawings();
		}

	}

	// ---- a write method inherited from a generic superclass

	public record Customer(String id, String name) {
	}

	/** What each side saved; new fails while {@link #newDown} is set. */
	public static class CustomerLog {

		private final List<String> saved = new CopyOnWriteArrayList<>();

		private volatile boolean newDown;

		public void newDown(boolean down) {
			this.newDown = down;
		}

		void save(String impl, Object entity) {
			if (impl.equals("new") && this.newDown) {
				throw new IllegalStateException("new store is down");
			}
			this.saved.add(impl + ":" + entity);
		}

		public List<String> saved() {
			return List.copyOf(this.saved);
		}

	}

	/** A repository base class, as in many applications: the parameter is a type variable. */
	public abstract static class Store<T> {

		@PhasedMigration(name = CUSTOMERS, newImpl = NewCustomerStore.class, kind = MigrationKind.WRITE)
		public void save(T entity) {
			doSave(entity);
		}

		protected abstract void doSave(T entity);

	}

	public static class OldCustomerStore extends Store<Customer> {

		private final CustomerLog log;

		public OldCustomerStore(CustomerLog log) {
			this.log = log;
		}

		@Override
		protected void doSave(Customer customer) {
			this.log.save("old", customer);
		}

	}

	/** Inherits the annotation too, as the new implementation of a shared base class does. */
	public static class NewCustomerStore extends Store<Customer> {

		private final CustomerLog log;

		public NewCustomerStore(CustomerLog log) {
			this.log = log;
		}

		@Override
		protected void doSave(Customer customer) {
			this.log.save("new", customer);
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class CustomerStoresConfiguration {

		@Bean
		CustomerLog customerLog() {
			return new CustomerLog();
		}

		@Bean
		OldCustomerStore oldCustomerStore(CustomerLog log) {
			return new OldCustomerStore(log);
		}

		@Bean
		NewCustomerStore newCustomerStore(CustomerLog log) {
			return new NewCustomerStore(log);
		}

	}

	// ---- a new implementation that calls another migrated write

	public static final String ORDERS = "orders";

	public static final String AUDIT = "audit";

	/** Which side of which migration wrote what; new orders fail while {@link #newOrdersDown} is set. */
	public static class WriteLog {

		private final List<String> writes = new CopyOnWriteArrayList<>();

		private volatile boolean newOrdersDown;

		public void newOrdersDown(boolean down) {
			this.newOrdersDown = down;
		}

		void write(String what) {
			this.writes.add(what);
		}

		public List<String> writes() {
			return List.copyOf(this.writes);
		}

	}

	public static class OldAudit {

		private final WriteLog log;

		public OldAudit(WriteLog log) {
			this.log = log;
		}

		@PhasedMigration(name = AUDIT, newImpl = NewAudit.class, kind = MigrationKind.WRITE)
		public void record(String event) {
			this.log.write("old audit " + event);
		}

	}

	public static class NewAudit {

		private final WriteLog log;

		public NewAudit(WriteLog log) {
			this.log = log;
		}

		public void record(String event) {
			this.log.write("new audit " + event);
		}

	}

	public static class OldOrders {

		private final WriteLog log;

		public OldOrders(WriteLog log) {
			this.log = log;
		}

		@PhasedMigration(name = ORDERS, newImpl = NewOrders.class, kind = MigrationKind.WRITE)
		public void place(String order) {
			this.log.write("old orders " + order);
		}

	}

	/** Audits every order it stores, through the audit migration. */
	public static class NewOrders {

		private final WriteLog log;

		private final OldAudit audit;

		public NewOrders(WriteLog log, OldAudit audit) {
			this.log = log;
			this.audit = audit;
		}

		public void place(String order) {
			if (this.log.newOrdersDown) {
				throw new IllegalStateException("new orders store is down");
			}
			this.log.write("new orders " + order);
			this.audit.record("placed " + order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class OrdersAndAuditConfiguration {

		@Bean
		WriteLog writeLog() {
			return new WriteLog();
		}

		@Bean
		OldAudit oldAudit(WriteLog log) {
			return new OldAudit(log);
		}

		@Bean
		NewAudit newAudit(WriteLog log) {
			return new NewAudit(log);
		}

		@Bean
		OldOrders oldOrders(WriteLog log) {
			return new OldOrders(log);
		}

		@Bean
		NewOrders newOrders(WriteLog log, OldAudit audit) {
			return new NewOrders(log, audit);
		}

	}

	/**
	 * An in-memory journal whose reads ({@link #stats()}) or appends fail on demand, as a journal
	 * whose database is away.
	 */
	public static class FailingJournal extends ForwardingWriteJournal {

		private volatile boolean failReads;

		private volatile boolean failAppends;

		public FailingJournal() {
			super(new InMemoryWriteJournal());
		}

		public void failReads(boolean fail) {
			this.failReads = fail;
		}

		public void failAppends(boolean fail) {
			this.failAppends = fail;
		}

		@Override
		public long append(NewJournalEntry entry) {
			if (this.failAppends) {
				throw new IllegalStateException("journal database is away");
			}
			return super.append(entry);
		}

		@Override
		public Map<String, JournalStats> stats() {
			if (this.failReads) {
				throw new IllegalStateException("journal table cannot be read");
			}
			return super.stats();
		}

	}

}
