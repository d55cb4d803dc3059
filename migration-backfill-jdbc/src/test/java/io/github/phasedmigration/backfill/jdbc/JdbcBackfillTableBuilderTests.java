package io.github.phasedmigration.backfill.jdbc;

import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How {@link JdbcBackfillTableBuilder} checks what it is given and works out what it was not
 * given. Building never connects, so no database is needed here.
 */
class JdbcBackfillTableBuilderTests {

	// fails at the first connection, which building must not open
	private final DataSource dataSource = new SimpleDriverDataSource();

	@ParameterizedTest
	@ValueSource(strings = { "orders; DROP TABLE orders", "1orders", "order id", "orders)", "\"orders\"", "" })
	void refusesTableAndColumnNamesThatAreNotPlainIdentifiers(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().table(name))
			.withMessage("Invalid table name '" + name + "' for the JdbcBackfillTable of PendingPayment: names are"
					+ " written into the SQL as they are, not quoted, so they must match [A-Za-z_][A-Za-z0-9_.]*");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().keyColumn(name))
			.withMessageStartingWith("Invalid key column name '" + name + "'");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().columns("order_id", name))
			.withMessageStartingWith("Invalid column name '" + name + "'");
	}

	@Test
	void takesQualifiedAndUnderscoredNames() {
		JdbcBackfillTable<Long, PendingPayment> table = builder().table("billing.pending_payments")
			.keyColumn("_order_id")
			.columns("_order_id", "customer_id2", "amount_cents", "note")
			.build();
		assertThat(table.readStatement(true, true)).isEqualTo("SELECT _order_id, customer_id2, amount_cents, note"
				+ " FROM billing.pending_payments WHERE _order_id > ? ORDER BY _order_id LIMIT ?");
	}

	@Test
	void refusesBlankSqlFragments() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().where("  "))
			.withMessage("where(...) of the JdbcBackfillTable of PendingPayment is blank");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().batchSize(0))
			.withMessageContaining("batchSize must be 1 or more");
	}

	@Test
	void readsPageByKeyAndNeverByOffset() {
		JdbcBackfillTable<Long, PendingPayment> table = builder().select("id AS order_id, customer_id, amount_cents, note")
			.from("orders o")
			.where("payment_status = 'PENDING' OR amount_cents > 0")
			.keyColumn("o.id")
			.keyOf(PendingPayment::orderId)
			.build();
		assertThat(table.readStatement(false, true)).isEqualTo("SELECT id AS order_id, customer_id, amount_cents, note"
				+ " FROM orders o WHERE (payment_status = 'PENDING' OR amount_cents > 0) ORDER BY o.id LIMIT ?");
		assertThat(table.readStatement(true, true)).isEqualTo("SELECT id AS order_id, customer_id, amount_cents, note"
				+ " FROM orders o WHERE (payment_status = 'PENDING' OR amount_cents > 0) AND o.id > ? ORDER BY o.id"
				+ " LIMIT ?");
		assertThat(table.readStatement(true, false)).doesNotContain("LIMIT").endsWith("ORDER BY o.id");
		assertThat(List.of(table.readStatement(false, false), table.readStatement(true, true)))
			.noneMatch((sql) -> sql.contains("OFFSET"));
	}

	@Test
	void selectsEverythingWithoutColumnsOrSelect() {
		JdbcBackfillTable<Long, PendingPayment> table = builder().table("pending_payments").keyColumn("order_id").build();
		assertThat(table.readStatement(false, true)).isEqualTo("SELECT * FROM pending_payments ORDER BY order_id LIMIT ?");
	}

	@Test
	void findsTheKeyComponentByTheKeyColumnsName() {
		JdbcBackfillTable<Long, PendingPayment> table = builder().table("pending_payments").keyColumn("ORDER_ID").build();
		assertThat(table.keyOf(new PendingPayment(42, 1, 2, null))).isEqualTo(42L);
	}

	@Test
	void findsTheKeyComponentByThePositionOfTheKeyColumn() {
		JdbcBackfillTable<Long, PendingPayment> table = builder().table("orders")
			.keyColumn("id")
			.columns("id", "customer_id", "amount_cents", "note")
			.build();
		assertThat(table.keyOf(new PendingPayment(42, 1, 2, null))).isEqualTo(42L);
	}

	@Test
	void findsTheKeyComponentByItsLabelInTheSelectList() {
		JdbcBackfillTable<Long, PendingPayment> table = builder().select("customer_id, id order_id, amount_cents, note")
			.from("orders")
			.keyColumn("id")
			.build();
		assertThat(table.keyOf(new PendingPayment(42, 1, 2, null))).isEqualTo(42L);
		assertThat(JdbcBackfillTableBuilder.label("o.id AS order_id, amount", "o.id")).isEqualTo("order_id");
		assertThat(JdbcBackfillTableBuilder.label("idx AS order_id", "id")).isNull();
	}

	@Test
	void keyOfWinsOverEveryDefault() {
		JdbcBackfillTable<Long, PendingPayment> table = builder().table("pending_payments")
			.keyColumn("order_id")
			.keyOf(PendingPayment::customerId)
			.build();
		assertThat(table.keyOf(new PendingPayment(42, 7, 2, null))).isEqualTo(7L);
	}

	@Test
	void explainsAKeyItCannotFind() {
		assertThatIllegalStateException()
			.isThrownBy(() -> builder().select("id, customer_id, amount_cents, note").from("orders").keyColumn("id").build())
			.withMessage("No component of PendingPayment holds the key column id: give keyOf(...), for example"
					+ " keyOf(PendingPayment::id)");
		assertThatIllegalStateException()
			.isThrownBy(() -> JdbcBackfillTable.builder(this.dataSource, String.class, PendingPayment.class)
				.table("pending_payments")
				.keyColumn("order_id")
				.build())
			.withMessage("PendingPayment.orderId() holds the key column order_id but is a long, not a"
					+ " java.lang.String: give keyOf(...)");
		assertThatIllegalStateException()
			.isThrownBy(() -> JdbcBackfillTable.builder(this.dataSource, Long.class, Object.class)
				.table("t")
				.keyColumn("id")
				.build())
			.withMessage("Object is not a record: give keyOf(...) to read its key");
	}

	@Test
	void explainsWhatAWritableTableMisses() {
		assertThatIllegalStateException().isThrownBy(() -> builder().table("pending_payments").build())
			.withMessage("JdbcBackfillTable of PendingPayment needs keyColumn(...)");
		assertThatIllegalStateException().isThrownBy(() -> builder().keyColumn("order_id").build())
			.withMessage("JdbcBackfillTable of PendingPayment needs table(...), or from(...) to only read");
		assertThatIllegalStateException()
			.isThrownBy(() -> builder().table("pending_payments")
				.keyColumn("order_id")
				.columns("customer_id", "amount_cents", "note", "extra")
				.keyOf(PendingPayment::orderId)
				.build())
			.withMessage("The key column order_id of pending_payments must be one of its columns written"
					+ " [customer_id, amount_cents, note, extra]");
		assertThatIllegalStateException()
			.isThrownBy(() -> builder().table("pending_payments")
				.keyColumn("order_id")
				.columns("order_id", "customer_id", "amount_cents")
				.build())
			.withMessage("PendingPayment has 4 components but 3 columns [order_id, customer_id, amount_cents] are"
					+ " written to pending_payments: give one column per component, in order, or values(...)");
		assertThatIllegalStateException()
			.isThrownBy(() -> JdbcBackfillTable.builder(this.dataSource, Long.class, Object.class)
				.table("t")
				.keyColumn("id")
				.columns("id")
				.keyOf((record) -> 1L)
				.build())
			.withMessage("Object is not a record: give values(...) to write its [id] to t");
	}

	@Test
	void recordValuesAreTheComponentsInOrder() {
		var components = RecordComponents.of(PendingPayment.class);
		assertThat(components).isNotNull();
		assertThat(components.values().apply(new PendingPayment(1, 2, 3, null))).containsExactly(1L, 2L, 3L, null);
		assertThat(RecordComponents.of(String.class)).isNull();
	}

	private JdbcBackfillTableBuilder<Long, PendingPayment> builder() {
		return JdbcBackfillTable.builder(this.dataSource, Long.class, PendingPayment.class);
	}

	private record PendingPayment(long orderId, long customerId, long amountCents, @Nullable String note) {
	}

}
