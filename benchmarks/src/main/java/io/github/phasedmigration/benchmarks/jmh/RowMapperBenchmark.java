package io.github.phasedmigration.benchmarks.jmh;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SimplePropertyRowMapper;

import io.github.phasedmigration.backfill.jdbc.JdbcBackfillTable;
import io.github.phasedmigration.backfill.jdbc.JdbcBackfillTableBuilder;

/**
 * Rows made into records, the backfill's way and Spring's, one JMH run, the same forks and JVM
 * settings for all (issue 15: keep a shortcut only where it wins). The record has ten components of
 * mixed types ({@code long}, {@code int}, {@code String}, an enum, {@code BigDecimal},
 * {@code LocalDateTime}, {@code boolean}, a nullable {@code String}), six of them named in two
 * words, read from snake_case columns ({@code order_id} for {@code orderId}) as a backfill reads them.
 *
 * <p>The database is H2 in memory, through its real JDBC driver and a Hikari pool: the result set's
 * own cost is real, the network's and a server's are absent, so the mapper's share of a page read is
 * the largest it can be here (on MariaDB or PostgreSQL, over a socket, a page costs more and the
 * mapper the same). Two kinds of cases:
 *
 * <ul>
 * <li>{@code page*}: what the backfill calls, {@link JdbcBackfillTable#readAfter} of a page of
 * {@value #PAGE} rows ({@code SELECT ... WHERE order_id > ? ORDER BY order_id LIMIT ?}, each call the
 * next page of a {@value #ROWS}-row table), the table built with its default row mapper
 * ({@code RecordRowMapper}, the shortcut: columns found once per query, components built through a
 * method handle) or with Spring's {@link DataClassRowMapper} or {@link SimplePropertyRowMapper} given as
 * its {@code rowMapper(...)};</li>
 * <li>{@code row*}: one call of {@link RowMapper#mapRow} on a result set already positioned on a
 * row, the same query's columns, so that the mapper's cost per row is seen without the query's and
 * the cursor's (the {@code RecordRowMapper} instance found its columns before, as it does on a
 * page's first row).</li>
 * </ul>
 *
 * {@code RecordRowMapper} is package-private; the set-up creates one reflectively, once, and the case
 * calls it through the {@code RowMapper} interface as {@code JdbcTemplate} does. The set-up checks that
 * the three mappers make equal records of the same row and of a whole page.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g", BenchmarkSupport.NO_SHUTDOWN_WAIT })
@State(Scope.Benchmark)
public class RowMapperBenchmark {

	/** Rows of a page: the backfill's default chunk size. */
	static final int PAGE = 1000;

	static final int ROWS = 20_000;

	private static final String COLUMNS = "order_id, customer_id, quantity, amount_cents, currency, payment_status, "
			+ "tax_rate, created_at, express, note";

	private HikariDataSource dataSource;

	private JdbcBackfillTable<Long, OrderRow> recordRowMapperTable;

	private JdbcBackfillTable<Long, OrderRow> dataClassRowMapperTable;

	private JdbcBackfillTable<Long, OrderRow> simplePropertyRowMapperTable;

	private long after;

	private Connection connection;

	private PreparedStatement statement;

	private ResultSet row;

	private RowMapper<OrderRow> recordRowMapper;

	private RowMapper<OrderRow> dataClassRowMapper;

	private RowMapper<OrderRow> simplePropertyRowMapper;

	@Setup(Level.Trial)
	public void createTable() throws Exception {
		BenchmarkSupport.quietLogs();
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:row_mapper_benchmark;DB_CLOSE_DELAY=-1");
		config.setUsername("sa");
		config.setMaximumPoolSize(2);
		this.dataSource = new HikariDataSource(config);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, "
				+ "quantity INT NOT NULL, amount_cents BIGINT NOT NULL, currency CHAR(3) NOT NULL, "
				+ "payment_status VARCHAR(16) NOT NULL, tax_rate DECIMAL(5, 4) NOT NULL, created_at TIMESTAMP NOT NULL, "
				+ "express BOOLEAN NOT NULL, note VARCHAR(200))");
		jdbc.batchUpdate("INSERT INTO orders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				LongStream.rangeClosed(1, ROWS).mapToObj(RowMapperBenchmark::values).toList());
		this.recordRowMapperTable = table(null);
		this.dataClassRowMapperTable = table(DataClassRowMapper.newInstance(OrderRow.class));
		this.simplePropertyRowMapperTable = table(new SimplePropertyRowMapper<>(OrderRow.class));

		this.connection = this.dataSource.getConnection();
		this.statement = this.connection.prepareStatement("SELECT " + COLUMNS + " FROM orders WHERE order_id = ?");
		this.statement.setLong(1, 42);
		this.row = this.statement.executeQuery();
		BenchmarkSupport.check(this.row.next(), "no row 42");
		this.recordRowMapper = recordRowMapper();
		this.dataClassRowMapper = DataClassRowMapper.newInstance(OrderRow.class);
		this.simplePropertyRowMapper = new SimplePropertyRowMapper<>(OrderRow.class);
		check();
	}

	/** The three mappers make the same records, of one row and of pages. */
	private void check() throws SQLException {
		OrderRow expected = expected(42);
		BenchmarkSupport.check(expected.equals(rowRecordRowMapper()) && expected.equals(rowDataClassRowMapper())
				&& expected.equals(rowSimplePropertyRowMapper()), "the mappers make another record of row 42");
		for (int page = 0; page < 3; page++) {
			List<OrderRow> records = pageRecordRowMapper();
			BenchmarkSupport.check(records.size() == PAGE && records.equals(this.dataClassRowMapperTable
				.readAfter(records.get(0).orderId() - 1, PAGE))
					&& records.equals(this.simplePropertyRowMapperTable.readAfter(records.get(0).orderId() - 1, PAGE))
					&& records.get(0).equals(expected(records.get(0).orderId())), "the tables read other pages");
		}
		this.after = 0;
	}

	@TearDown(Level.Trial)
	public void close() throws SQLException {
		if (this.connection != null) {
			this.row.close();
			this.statement.close();
			this.connection.close();
		}
		if (this.dataSource != null) {
			new JdbcTemplate(this.dataSource).execute("DROP TABLE orders");
			this.dataSource.close();
		}
	}

	private long nextPage() {
		long after = this.after;
		this.after = (after + PAGE < ROWS) ? after + PAGE : 0;
		return after;
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public List<OrderRow> pageRecordRowMapper() {
		return this.recordRowMapperTable.readAfter(nextPage(), PAGE);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public List<OrderRow> pageDataClassRowMapper() {
		return this.dataClassRowMapperTable.readAfter(nextPage(), PAGE);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public List<OrderRow> pageSimplePropertyRowMapper() {
		return this.simplePropertyRowMapperTable.readAfter(nextPage(), PAGE);
	}

	@Benchmark
	public OrderRow rowRecordRowMapper() throws SQLException {
		return this.recordRowMapper.mapRow(this.row, 0);
	}

	@Benchmark
	public OrderRow rowDataClassRowMapper() throws SQLException {
		return this.dataClassRowMapper.mapRow(this.row, 0);
	}

	@Benchmark
	public OrderRow rowSimplePropertyRowMapper() throws SQLException {
		return this.simplePropertyRowMapper.mapRow(this.row, 0);
	}

	private JdbcBackfillTable<Long, OrderRow> table(@Nullable RowMapper<OrderRow> rowMapper) {
		JdbcBackfillTableBuilder<Long, OrderRow> builder = JdbcBackfillTable
			.builder(this.dataSource, Long.class, OrderRow.class)
			.table("orders")
			.keyColumn("order_id")
			.columns(COLUMNS.split(", "));
		return (rowMapper != null) ? builder.rowMapper(rowMapper).build() : builder.build();
	}

	/** The backfill's own mapper, as {@code JdbcBackfillTable} creates one per query (package-private there). */
	@SuppressWarnings("unchecked")
	private static RowMapper<OrderRow> recordRowMapper() throws ReflectiveOperationException {
		String jdbcPackage = JdbcBackfillTable.class.getPackageName();
		Class<?> componentsType = Class.forName(jdbcPackage + ".RecordComponents");
		Method of = componentsType.getDeclaredMethod("of", Class.class);
		of.setAccessible(true);
		Constructor<?> constructor = Class.forName(jdbcPackage + ".RecordRowMapper")
			.getDeclaredConstructor(componentsType, String.class);
		constructor.setAccessible(true);
		return (RowMapper<OrderRow>) constructor.newInstance(of.invoke(null, OrderRow.class), "orders");
	}

	private static Object[] values(long id) {
		OrderRow row = expected(id);
		return new Object[] { row.orderId(), row.customerId(), row.quantity(), row.amountCents(), row.currency(),
				row.paymentStatus().name(), row.taxRate(), row.createdAt(), row.express(), row.note() };
	}

	/** Row {@code id} as inserted: every values derived from the id, every fourth without a note. */
	static OrderRow expected(long id) {
		PaymentStatus[] statuses = PaymentStatus.values();
		return new OrderRow(id, 1_000 + id % 97, (int) (1 + id % 9), id * 10, (id % 3 == 0) ? "USD" : "EUR",
				statuses[(int) (id % statuses.length)], new BigDecimal("0.2100"),
				LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(id), id % 2 == 0,
				(id % 4 == 2) ? null : "note of order " + id);
	}

	public enum PaymentStatus {

		PENDING, PAID, REFUNDED

	}

	/** A row of {@code orders}: ten components, six named in two words. */
	public record OrderRow(long orderId, long customerId, int quantity, long amountCents, String currency,
			PaymentStatus paymentStatus, BigDecimal taxRate, LocalDateTime createdAt, boolean express,
			@Nullable String note) {
	}

}
