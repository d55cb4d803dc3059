package io.github.phasedmigration.benchmarks.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The limit of the backfill: the same copy written by hand in plain JDBC, as little as such a copy
 * can do. One connection on each side for the whole copy, one prepared statement each: a keyset
 * page of {@code orders} on MariaDB ({@code WHERE id > ? ORDER BY id LIMIT ?}), its rows added to
 * one JDBC batch of plain INSERTs on PostgreSQL (which {@code reWriteBatchedInserts} turns into
 * multi-row INSERTs), executed and committed once per chunk, as the backfill commits each chunk.
 * No checkpoint, no retry, nothing kept but the last key.
 */
final class HandWrittenCopy {

	static final String READ = "SELECT id AS order_id, customer_id, amount_cents FROM orders WHERE id > ? ORDER BY id"
			+ " LIMIT ?";

	/** A plain insert: the least PostgreSQL can do per row. */
	static final String INSERT = "INSERT INTO pending_payments (order_id, customer_id, amount_cents) VALUES (?, ?, ?)";

	/** The statement of {@code JdbcBackfillTable.insertMissing} on PostgreSQL. */
	static final String INSERT_MISSING = INSERT + " ON CONFLICT (order_id) DO NOTHING";

	private HandWrittenCopy() {
	}

	/**
	 * Copies every row of {@code orders} into {@code pending_payments}.
	 * @param insert the INSERT of a row, its three values in order
	 * @return the rows copied
	 */
	static long copy(DataSource source, DataSource target, int chunkSize, String insert) throws SQLException {
		long copied = 0;
		try (Connection from = source.getConnection();
				Connection to = target.getConnection();
				PreparedStatement read = from.prepareStatement(READ);
				PreparedStatement write = to.prepareStatement(insert)) {
			to.setAutoCommit(false);
			try {
				long after = Long.MIN_VALUE;
				int rows;
				do {
					rows = 0;
					read.setLong(1, after);
					read.setInt(2, chunkSize);
					try (ResultSet page = read.executeQuery()) {
						while (page.next()) {
							after = page.getLong(1);
							write.setLong(1, after);
							write.setLong(2, page.getLong(2));
							write.setLong(3, page.getLong(3));
							write.addBatch();
							rows++;
						}
					}
					if (rows > 0) {
						write.executeBatch();
						to.commit();
					}
					copied += rows;
				}
				while (rows == chunkSize);
			}
			finally {
				to.rollback();
				to.setAutoCommit(true);
			}
		}
		return copied;
	}

}
