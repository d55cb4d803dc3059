package io.github.phasedmigration.benchmarks.backfill;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.phasedmigration.backfill.jdbc.JdbcBackfillTable;
import io.github.phasedmigration.core.backfill.BackfillSink;

/**
 * The backfill's write to {@code pending_payments} on PostgreSQL as this benchmark proposes that
 * {@link JdbcBackfillTable#insertMissing} does it, to measure what the change would give: instead
 * of {@code INSERT ... ON CONFLICT (key) DO NOTHING} for every row, whose speculative insertion
 * costs PostgreSQL about twice a plain insert, in the chunk's transaction
 * <ol>
 * <li>{@code SELECT key FROM t WHERE key BETWEEN ? AND ?} (the chunk's first and last key: one
 * range scan of the primary key), the keys new holds already;</li>
 * <li>a plain batched {@code INSERT} of the other rows;</li>
 * <li>only if a dual write inserted one of those keys in between (a unique violation), the chunk
 * again in a new transaction with {@code ON CONFLICT DO NOTHING}, as now.</li>
 * </ol>
 * The same result as the table's {@code insertMissing}: rows new holds are left alone. Everything
 * else is as in {@link JdbcBackfillTable}: one JDBC batch per call through {@link JdbcTemplate},
 * values bound by {@link StatementCreatorUtils} as the table binds them, executed every
 * {@value JdbcBackfillTable#DEFAULT_BATCH_SIZE} rows, a transaction of its own per call. Only
 * {@link #insertMissing} is written: the only write a backfill makes. In a caller's transaction
 * the unique violation would abort it: there, the change needs a savepoint around the plain
 * insert, or keeps today's statement.
 */
final class PrefilteredInsertSink implements BackfillSink<Long, PendingPayment> {

	private static final String PRESENT = "SELECT order_id FROM pending_payments WHERE order_id BETWEEN ? AND ?";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	PrefilteredInsertSink(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	@Override
	public void insertMissing(List<PendingPayment> records) {
		if (records.isEmpty()) {
			return;
		}
		try {
			this.transaction.executeWithoutResult((status) -> {
				Set<Long> present = new HashSet<>(this.jdbc.queryForList(PRESENT, Long.class,
						records.get(0).orderId(), records.get(records.size() - 1).orderId()));
				List<PendingPayment> missing = present.isEmpty() ? records
						: records.stream().filter((record) -> !present.contains(record.orderId())).toList();
				write(HandWrittenCopy.INSERT, missing);
			});
		}
		catch (DuplicateKeyException ex) {
			// a dual write inserted one of the keys after the SELECT: the statement of today, for this chunk
			this.transaction.executeWithoutResult((status) -> write(HandWrittenCopy.INSERT_MISSING, records));
		}
	}

	@Override
	public void upsert(List<PendingPayment> records) {
		throw new UnsupportedOperationException("The benchmark's backfill only inserts what is missing");
	}

	private void write(String sql, List<PendingPayment> records) {
		if (records.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate(sql, records, JdbcBackfillTable.DEFAULT_BATCH_SIZE, (statement, record) -> {
			bind(statement, 1, record.orderId());
			bind(statement, 2, record.customerId());
			bind(statement, 3, record.amountCents());
		});
	}

	private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
		StatementCreatorUtils.setParameterValue(statement, index, SqlTypeValue.TYPE_UNKNOWN, value);
	}

}
