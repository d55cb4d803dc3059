package io.github.phasedmigration.backfill.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases.Database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link JdbcBackfillTable} on each real database: PostgreSQL, MariaDB and H2. The new side is
 * {@code pending_payments}, keyed by {@code order_id}; the old side is {@code orders}, keyed by
 * {@code id}, with a status that tells which orders are pending.
 */
class JdbcBackfillTableTests {

	@RegisterExtension
	static final RealDatabases databases = new RealDatabases();

	@ParameterizedTest
	@EnumSource(Database.class)
	void readsPagesInKeyOrderWithoutGapsOrRepeats(Database database) {
		JdbcBackfillTable<Long, PendingPayment> payments = pendingPayments(freshTables(database));
		// keys with gaps, written in random order: the heap's order is not the keys'
		List<Long> keys = new ArrayList<>(LongStream.range(0, 2_500).map((i) -> 3 * i + 7).boxed().toList());
		Collections.shuffle(keys, new Random(42));
		payments.insertMissing(keys.stream().map(JdbcBackfillTableTests::payment).toList());
		assertThat(count(database, "pending_payments")).isEqualTo(2_500);

		List<PendingPayment> read = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		Long after = null;
		while (true) {
			List<PendingPayment> page = payments.readAfter(after, 1_000);
			pageSizes.add(page.size());
			if (page.isEmpty()) {
				break;
			}
			read.addAll(page);
			after = payments.keyOf(page.get(page.size() - 1));
		}

		assertThat(pageSizes).containsExactly(1_000, 1_000, 500, 0);
		assertThat(read).map(PendingPayment::orderId).containsExactlyElementsOf(keys.stream().sorted().toList());
		assertThat(read).allSatisfy((record) -> assertThat(record).isEqualTo(payment(record.orderId())));
		assertThat(payments.readAfter(3L * 2_499 + 6, 10)).map(PendingPayment::orderId)
			.as("after a key that is not in the table")
			.containsExactly(3L * 2_499 + 7);
		assertThat(payments.estimateCount()).isEqualTo(2_500);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void readsARowFilterAndCountsOnlyWhatItLetsThrough(Database database) {
		DataSource dataSource = freshTables(database);
		insertOrders(dataSource, 1, 40);
		JdbcBackfillTable<Long, Order> orders = JdbcBackfillTable.builder(dataSource, Long.class, Order.class)
			.table("orders")
			.keyColumn("id")
			.columns("id", "customer_id", "amount_cents", "note", "payment_status")
			.where("payment_status = 'PENDING' OR amount_cents >= 370")
			.build();

		List<Order> first = orders.readAfter(null, 5);
		assertThat(first).map(Order::id).containsExactly(2L, 4L, 6L, 8L, 10L);
		assertThat(orders.readAfter(34L, 5)).as("the filter and the key condition both apply")
			.map(Order::id)
			.containsExactly(36L, 37L, 38L, 39L, 40L);
		assertThat(orders.estimateCount()).as("20 pending, and 37 and 39").isEqualTo(22);
		assertThat(first.get(0)).as("the status converted to an enum")
			.isEqualTo(new Order(2, 1002, 20, null, Status.PENDING));
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void readsOldsTableOfAnotherShapeAsTheNewSidesRecords(Database database) {
		DataSource dataSource = freshTables(database);
		insertOrders(dataSource, 1, 30);
		JdbcBackfillTable<Long, PendingPayment> orders = JdbcBackfillTable
			.builder(dataSource, Long.class, PendingPayment.class)
			.select("id AS order_id, customer_id, amount_cents, note")
			.from("orders")
			.where("payment_status = 'PENDING'")
			.keyColumn("id")
			.build();

		List<PendingPayment> page = orders.readAfter(10L, 3);

		assertThat(page).containsExactly(new PendingPayment(12, 1012, 120, null),
				new PendingPayment(14, 1014, 140, null), new PendingPayment(16, 1016, 160, null));
		assertThat(orders.keyOf(page.get(2))).as("the key read from the component that select labels order_id")
			.isEqualTo(16L);
		assertThat(orders.estimateCount()).isEqualTo(15);
		List<PendingPayment> records = List.of(payment(1));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> orders.upsert(records))
			.withMessageContaining("orders is read-only")
			.withMessageContaining("table(...) and columns(...)");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> orders.insertMissing(records))
			.withMessageContaining("read-only");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> orders.delete(List.of(1L)))
			.withMessageContaining("read-only");
		assertThat(count(database, "orders")).isEqualTo(30);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void namesAComponentThatNoSelectedColumnFills(Database database) {
		DataSource dataSource = freshTables(database);
		insertOrders(dataSource, 1, 2);
		JdbcBackfillTable<Long, PendingPayment> orders = JdbcBackfillTable
			.builder(dataSource, Long.class, PendingPayment.class)
			.select("id AS order_id, customer_id, amount_cents")
			.from("orders")
			.keyColumn("id")
			.build();

		assertThatIllegalStateException().isThrownBy(() -> orders.readAfter(null, 10))
			.withMessage("JdbcBackfillTable[orders] selects no column for PendingPayment.note(): label one note in"
					+ " select(...), or give a rowMapper(...)");
		assertThat(orders.readAfter(2L, 10)).as("no row, no columns to check").isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void insertMissingLeavesTheRowsItFindsAsTheyAre(Database database) {
		DataSource dataSource = freshTables(database);
		JdbcBackfillTable<Long, PendingPayment> payments = pendingPayments(dataSource);
		// written by the dual writes meanwhile: newer than what the backfill read
		PendingPayment newer1 = new PendingPayment(1, 501, 999, "dual write");
		PendingPayment newer3 = new PendingPayment(3, 503, 333, null);
		payments.upsert(List.of(newer1, newer3));

		payments.insertMissing(List.of(payment(1), payment(2), payment(3), payment(4)));

		assertThat(payments.readAfter(null, 10)).containsExactly(newer1, payment(2), newer3, payment(4));
		assertThat(payment(2).note()).isNull();
		assertThat(payment(4).note()).isNotNull();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void insertMissingSkipsAKeyThatTurnsUpTwiceInOneChunk(Database database) {
		// on PostgreSQL the plain insert after the look-up then hits the key a second time, as it would a
		// key that a dual write added in between: the chunk goes again with the statement that skips it
		DataSource dataSource = freshTables(database);
		JdbcBackfillTable<Long, PendingPayment> payments = pendingPayments(dataSource);
		PendingPayment again = new PendingPayment(2, 902, 222, "second copy");

		payments.insertMissing(List.of(payment(1), payment(2), again, payment(3)));

		assertThat(payments.readAfter(null, 10)).containsExactly(payment(1), payment(2), payment(3));
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void upsertOverwritesEveryColumnAndInsertsWhatIsMissing(Database database) {
		DataSource dataSource = freshTables(database);
		JdbcBackfillTable<Long, PendingPayment> payments = pendingPayments(dataSource);
		payments.insertMissing(List.of(payment(1), payment(2), payment(3)));

		PendingPayment changed1 = new PendingPayment(1, 601, 111, null);
		PendingPayment changed2 = new PendingPayment(2, 602, 222, "repaired");
		payments.upsert(List.of(changed1, changed2, payment(5)));

		assertThat(payments.readAfter(null, 10)).containsExactly(changed1, changed2, payment(3), payment(5));
		assertThat(payment(1).note()).as("null over a value").isNotNull();
		assertThat(payment(2).note()).as("a value over null").isNull();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void writesMoreRecordsThanABatchAndDeletesByKey(Database database) {
		DataSource dataSource = freshTables(database);
		JdbcBackfillTable<Long, PendingPayment> payments = JdbcBackfillTable
			.builder(dataSource, Long.class, PendingPayment.class)
			.table("pending_payments")
			.keyColumn("order_id")
			.columns("order_id", "customer_id", "amount_cents", "note")
			.batchSize(7)
			.build();
		payments.upsert(LongStream.rangeClosed(1, 50).mapToObj(JdbcBackfillTableTests::payment).toList());
		assertThat(count(database, "pending_payments")).isEqualTo(50);

		payments.delete(List.of(2L, 49L, 50L, 1_000L));
		payments.delete(List.of());

		assertThat(payments.readAfter(null, 100)).map(PendingPayment::orderId)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 48).filter((key) -> key != 2).boxed().toList());
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void writesOldsTableThroughValuesAndARowMapperOfItsOwn(Database database) {
		DataSource dataSource = freshTables(database);
		insertOrders(dataSource, 1, 3);
		// REVERSE_SHADOW's repair writes old: a record becomes a pending order
		JdbcBackfillTable<Long, PendingPayment> orders = JdbcBackfillTable
			.builder(dataSource, Long.class, PendingPayment.class)
			.table("orders")
			.keyColumn("id")
			.columns("id", "payment_status", "customer_id", "amount_cents", "note")
			.values((p) -> new @Nullable Object[] { p.orderId(), "PENDING", p.customerId(), p.amountCents(), p.note() })
			.keyOf(PendingPayment::orderId)
			.select("id, customer_id, amount_cents, note")
			.where("payment_status = 'PENDING'")
			.rowMapper((rs, row) -> new PendingPayment(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)))
			.build();

		orders.upsert(List.of(new PendingPayment(1, 701, 7, "now pending"), payment(9)));

		assertThat(orders.readAfter(null, 10)).containsExactly(new PendingPayment(1, 701, 7, "now pending"),
				new PendingPayment(2, 1002, 20, null), payment(9));
		assertThat(count(database, "orders")).isEqualTo(4);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void writesJoinTheCallersTransaction(Database database) {
		DataSource dataSource = freshTables(database);
		JdbcBackfillTable<Long, PendingPayment> payments = pendingPayments(dataSource);
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> {
			payments.upsert(List.of(payment(1)));
			payments.insertMissing(List.of(payment(2)));
			assertThat(payments.readAfter(null, 10)).as("seen inside the transaction").hasSize(2);
			status.setRollbackOnly();
		});
		assertThat(count(database, "pending_payments")).isZero();
	}

	private static JdbcBackfillTable<Long, PendingPayment> pendingPayments(DataSource dataSource) {
		return JdbcBackfillTable.builder(dataSource, Long.class, PendingPayment.class)
			.table("pending_payments")
			.keyColumn("order_id")
			.columns("order_id", "customer_id", "amount_cents", "note")
			.build();
	}

	/** The record of a key: every fourth has no note. */
	private static PendingPayment payment(long key) {
		return new PendingPayment(key, 1_000 + key % 97, key * 10, (key % 4 == 2) ? null : "n\u00e9 " + key);
	}

	/** Orders {@code from..to}: even ids pending, odd ones paid. */
	private static void insertOrders(DataSource dataSource, long from, long to) {
		new JdbcTemplate(dataSource).batchUpdate(
				"INSERT INTO orders (id, customer_id, amount_cents, note, payment_status) VALUES (?, ?, ?, NULL, ?)",
				LongStream.rangeClosed(from, to)
					.mapToObj((id) -> new Object[] { id, 1_000 + id, id * 10, (id % 2 == 0) ? "PENDING" : "PAID" })
					.toList());
	}

	private static DataSource freshTables(Database database) {
		DataSource dataSource = databases.dataSource(database);
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("DROP TABLE IF EXISTS pending_payments").update();
		jdbc.sql("DROP TABLE IF EXISTS orders").update();
		jdbc.sql("CREATE TABLE pending_payments (order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,"
				+ " amount_cents BIGINT NOT NULL, note VARCHAR(50))").update();
		jdbc.sql("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,"
				+ " amount_cents BIGINT NOT NULL, note VARCHAR(50), payment_status VARCHAR(10) NOT NULL)").update();
		return dataSource;
	}

	private static long count(Database database, String table) {
		return JdbcClient.create(databases.dataSource(database))
			.sql("SELECT COUNT(*) FROM " + table)
			.query(Long.class)
			.single();
	}

	record PendingPayment(long orderId, long customerId, long amountCents, @Nullable String note) {
	}

	record Order(long id, long customerId, long amountCents, @Nullable String note, Status paymentStatus) {
	}

	enum Status {

		PENDING, PAID

	}

}
