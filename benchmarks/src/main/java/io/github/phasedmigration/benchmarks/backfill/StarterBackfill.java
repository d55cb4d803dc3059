package io.github.phasedmigration.benchmarks.backfill;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.backfill.jdbc.JdbcBackfillTable;
import io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.BackfillSettings;
import io.github.phasedmigration.core.backfill.BackfillSink;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.BackfillStatus;
import io.github.phasedmigration.core.backfill.CheckpointStore;
import io.github.phasedmigration.core.backfill.VerifyOptions;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.VerifyState;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * The starter's backfill of {@code orders} (MariaDB) into {@code pending_payments} (PostgreSQL),
 * wired as an application wires it: a {@link JdbcBackfillTable} reading old and one writing new,
 * on the pools of {@link BackfillDatabases}; the durable {@link JdbcCheckpointStore} in the
 * PostgreSQL database, so that every chunk pays for its checkpoint; the default comparator
 * ({@link DeepEqualsComparator}) for verify; the migration in SHADOW. The settings are
 * {@link BackfillSettings#defaults()} but for the chunk size.
 */
final class StarterBackfill implements AutoCloseable {

	static final String MIGRATION = "pending-payments";

	/** How long a copy or a verify may take before the run gives up. */
	private static final Duration TIMEOUT = Duration.ofMinutes(30);

	private static final ThreadFactory THREADS = (task) -> {
		Thread thread = new Thread(task, "backfill");
		thread.setDaemon(true);
		return thread;
	};

	private final Backfills backfills;

	private final int chunkSize;

	private final int rows;

	/** The backfill as shipped: the JDBC checkpoint store, the table's own writes. */
	StarterBackfill(BackfillDatabases databases, int chunkSize) {
		this(databases, chunkSize, new JdbcCheckpointStore(databases.target()), null);
	}

	/**
	 * @param checkpoints where checkpoints go
	 * @param sink writes to new instead of the {@link JdbcBackfillTable} of {@code pending_payments};
	 * {@code null} for the table
	 */
	StarterBackfill(BackfillDatabases databases, int chunkSize, CheckpointStore checkpoints,
			@Nullable BackfillSink<Long, PendingPayment> sink) {
		this.chunkSize = chunkSize;
		this.rows = databases.rows();
		MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS, new MigrationListener() {
		}, Clock.systemUTC());
		registry.register(MIGRATION, MigrationMode.SHADOW,
				new MigrationSettings(Duration.ofSeconds(1), true, false, false, false, new DeepEqualsComparator()));
		JdbcBackfillTable<Long, PendingPayment> orders = orders(databases.source());
		JdbcBackfillTable<Long, PendingPayment> payments = JdbcBackfillTable
			.builder(databases.target(), Long.class, PendingPayment.class)
			.table("pending_payments")
			.keyColumn("order_id")
			.columns("order_id", "customer_id", "amount_cents")
			.build();
		Backfill<Long, PendingPayment> backfill = Backfill.<Long, PendingPayment>of(MIGRATION, Long.class)
			.from(orders)
			.to(payments, (sink != null) ? sink : payments)
			.build();
		BackfillSettings defaults = BackfillSettings.defaults();
		BackfillSettings settings = new BackfillSettings(chunkSize, 0, defaults.lease(), defaults.logInterval(),
				defaults.pollInterval(), defaults.maxChunkAttempts(), defaults.retryBackoff());
		this.backfills = new Backfills(List.of(backfill), checkpoints, settings, registry, null, "benchmark",
				Clock.systemUTC(), BackfillListener.NONE, THREADS);
	}

	/** Old's side: every row of {@code orders}, read as {@link PendingPayment}s. */
	static JdbcBackfillTable<Long, PendingPayment> orders(DataSource source) {
		return JdbcBackfillTable.builder(source, Long.class, PendingPayment.class)
			.select("id AS order_id, customer_id, amount_cents")
			.from("orders")
			.keyColumn("id")
			.build();
	}

	/**
	 * Copies from the first record ({@code start(migration, true)}) and waits until the backfill is
	 * COMPLETED.
	 * @return the rows it copied
	 * @throws IllegalStateException when it did not complete, or copied another number of rows
	 */
	long copy() throws InterruptedException {
		this.backfills.start(MIGRATION, true);
		if (!this.backfills.awaitIdle(TIMEOUT)) {
			throw new IllegalStateException("The backfill did not end within " + TIMEOUT);
		}
		BackfillStatus status = this.backfills.status(MIGRATION);
		if (status.state() != BackfillState.COMPLETED || status.rowsDone() != this.rows) {
			throw new IllegalStateException("The backfill ended " + status.state() + " after " + status.rowsDone()
					+ " of " + this.rows + " rows: " + status.lastError());
		}
		return status.rowsDone();
	}

	/**
	 * Verifies, without repair and re-checking at once ({@code recheckDelay} 0), in chunks of the
	 * backfill's size, and waits for the end.
	 * @return the final report
	 * @throws IllegalStateException when it did not complete, or found a difference
	 */
	VerifyReport verify() throws InterruptedException {
		this.backfills.verify(MIGRATION, new VerifyOptions(false, false, this.chunkSize, Duration.ZERO, 20));
		if (!this.backfills.awaitIdle(TIMEOUT)) {
			throw new IllegalStateException("The verify did not end within " + TIMEOUT);
		}
		VerifyReport report = this.backfills.lastVerify(MIGRATION).orElseThrow();
		if (report.state() != VerifyState.COMPLETED || report.rowsCompared() != this.rows || report.onlyInOld() != 0
				|| report.onlyInNew() != 0 || report.differing() != 0) {
			throw new IllegalStateException("The verify of two equal tables of " + this.rows + " rows said " + report);
		}
		return report;
	}

	@Override
	public void close() {
		this.backfills.close();
	}

}
