package io.github.phasedmigration.benchmarks.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The limit of verify: the same comparison written by hand in plain JDBC. Both tables read in key
 * order a keyset page at a time ({@code WHERE key > ? ORDER BY key LIMIT ?}, one prepared
 * statement and one connection per side), the rows kept in arrays of longs and merged by key: a
 * key on one side only, or two rows whose columns differ, is a difference. No objects per row, no
 * re-check, no report.
 */
final class HandWrittenMerge {

	private HandWrittenMerge() {
	}

	/**
	 * What a comparison found.
	 * @param keysCompared keys held by either side, each counted once
	 * @param differences keys on one side only, or whose rows differ
	 */
	record Result(long keysCompared, long differences) {
	}

	static Result compare(DataSource source, DataSource target, int chunkSize) throws SQLException {
		try (Connection from = source.getConnection();
				Connection to = target.getConnection();
				PreparedStatement oldPage = from.prepareStatement(
						"SELECT id, customer_id, amount_cents FROM orders WHERE id > ? ORDER BY id LIMIT ?");
				PreparedStatement newPage = to.prepareStatement("SELECT order_id, customer_id, amount_cents FROM"
						+ " pending_payments WHERE order_id > ? ORDER BY order_id LIMIT ?")) {
			Cursor old = new Cursor(oldPage, chunkSize);
			Cursor neu = new Cursor(newPage, chunkSize);
			long keys = 0;
			long differences = 0;
			while (true) {
				boolean hasOld = old.ready();
				boolean hasNew = neu.ready();
				if (!hasOld && !hasNew) {
					return new Result(keys, differences);
				}
				if (hasOld && hasNew && old.key() == neu.key()) {
					differences += old.sameColumns(neu) ? 0 : 1;
					old.next();
					neu.next();
				}
				else if (hasOld && (!hasNew || old.key() < neu.key())) {
					differences++;
					old.next();
				}
				else {
					differences++;
					neu.next();
				}
				keys++;
			}
		}
	}

	/** One side's rows in key order, a page at a time. */
	private static final class Cursor {

		private final PreparedStatement read;

		private final int pageSize;

		private final long[] keys;

		private final long[] customers;

		private final long[] amounts;

		private int size;

		private int position;

		private long after = Long.MIN_VALUE;

		private boolean ended;

		Cursor(PreparedStatement read, int pageSize) {
			this.read = read;
			this.pageSize = pageSize;
			this.keys = new long[pageSize];
			this.customers = new long[pageSize];
			this.amounts = new long[pageSize];
		}

		/** Whether a row is there, reading the next page when needed. */
		boolean ready() throws SQLException {
			if (this.position < this.size) {
				return true;
			}
			if (this.ended) {
				return false;
			}
			this.read.setLong(1, this.after);
			this.read.setInt(2, this.pageSize);
			this.size = 0;
			this.position = 0;
			try (ResultSet page = this.read.executeQuery()) {
				while (page.next()) {
					this.keys[this.size] = page.getLong(1);
					this.customers[this.size] = page.getLong(2);
					this.amounts[this.size] = page.getLong(3);
					this.size++;
				}
			}
			this.ended = this.size < this.pageSize;
			if (this.size > 0) {
				this.after = this.keys[this.size - 1];
			}
			return this.size > 0;
		}

		long key() {
			return this.keys[this.position];
		}

		boolean sameColumns(Cursor other) {
			return this.customers[this.position] == other.customers[other.position]
					&& this.amounts[this.position] == other.amounts[other.position];
		}

		void next() {
			this.position++;
		}

	}

}
