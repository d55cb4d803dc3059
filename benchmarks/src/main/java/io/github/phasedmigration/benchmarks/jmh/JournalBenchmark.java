package io.github.phasedmigration.benchmarks.jmh;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.phasedmigration.benchmarks.journal.JournalApplication;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.BacklogTableAWriter;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.JournalingTableAWriter;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.ShadowTableAWriter;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.TableAWriter;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.TableBWriter;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

/**
 * A dual write's caller latency (SampleTime) with the durable reconciliation journal on a real
 * PostgreSQL over loopback, in a Spring Boot application with a {@code DataSource}, so that the
 * starter wires the JDBC journal as a service gets it ({@link JournalApplication}). Old upserts
 * into {@code table_a}, new into {@code table_b}, both in one database through the application's one
 * Hikari pool; the journal's table is in the same database. Every trial creates a database of its
 * own and drops it after. Every call writes a fresh id, and every migration is keyed by it
 * ({@code key = "#id"}), so every second write takes the per-key check.
 *
 * <p>The cases run in pairs, each pair one JMH group: two caller threads, one per case, calling at
 * the same time, so that both cases of a pair see the same disk and the same machine. Measured one
 * after the other instead, minutes apart, they would not: this machine's WAL flushes drift by
 * 10-15% from one 10-second window to the next, more than the difference a pair is there to
 * measure. Each thread's latency is reported on its own (JMH's secondary results).
 * <ul>
 * <li>{@code dualWrite}: {@code handWritten}, the two upserts one after the other in plain code
 * (the limit), next to {@code phasedShadow}, the same dual write through {@code @PhasedMigration}
 * in SHADOW;</li>
 * <li>{@code dualWriteInTransaction}: the same with the call inside the caller's transaction
 * (Spring's {@code TransactionTemplate}): old's upsert joins it, new's runs after the commit, by hand
 * ({@code handWrittenInTransaction}) or as the starter does it ({@code phasedShadowInTransaction},
 * a {@code TransactionSynchronization});</li>
 * <li>{@code journaling}: {@code phasedShadowJournaling}, SHADOW whose new side throws at once, so
 * that every call appends its entry to the journal in a transaction of its own, next to
 * {@code journalingReference}, a dual write whose second write succeeds;</li>
 * <li>{@code backlog}: {@code phasedShadowWithBacklog}, SHADOW while the journal holds an entry of
 * the same migration (of another key, never replayed here), so that the per-key check must ask the
 * table, next to {@code backlogReference}, a dual write of a migration without entries.</li>
 * </ul>
 *
 * Replay throughput is measured by {@code ReplayRun}, not here: it is entries per second over a
 * drain of thousands, not a per-call latency.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", BenchmarkSupport.NO_SHUTDOWN_WAIT })
public class JournalBenchmark {

	/** The application, on a database of its own; each pair gets a fresh one. */
	@State(Scope.Group)
	public static class Application {

		JournalApplication application;

		TableAWriter oldDirect;

		TableBWriter newDirect;

		ShadowTableAWriter shadow;

		BacklogTableAWriter backlog;

		JournalingTableAWriter journaling;

		TransactionTemplate transactions;

		private final AtomicLong lastId = new AtomicLong();

		@Setup(Level.Trial)
		public void start() throws Exception {
			BenchmarkSupport.quietLogs();
			this.application = JournalApplication.start();
			this.oldDirect = new TableAWriter(this.application.bean(JdbcTemplate.class));
			this.newDirect = this.application.bean(TableBWriter.class);
			this.shadow = BenchmarkSupport.interceptedBean(this.application.context(), ShadowTableAWriter.class);
			this.backlog = BenchmarkSupport.interceptedBean(this.application.context(), BacklogTableAWriter.class);
			this.journaling = BenchmarkSupport.interceptedBean(this.application.context(),
					JournalingTableAWriter.class);
			this.transactions = new TransactionTemplate(this.application.bean(PlatformTransactionManager.class));
			// an entry of another key that nobody replays: every write of the migration must ask the table
			this.application.bean(WriteJournal.class)
				.append(new NewJournalEntry(Instant.now(), JournalApplication.BACKLOG, Impl.NEW,
						JournalApplication.upsertId(BacklogTableAWriter.class), "backlog", "[0,0]",
						new Object[] { 0L, 0L }, JournalCause.FAILED, "benchmark backlog"));
		}

		long nextId() {
			return this.lastId.incrementAndGet();
		}

		@TearDown(Level.Trial)
		public void stop(BenchmarkParams params) throws Exception {
			if (this.application != null) {
				try {
					report(params);
				}
				finally {
					this.application.close();
				}
			}
		}

		/**
		 * Prints what the trial wrote (JMH copies it into its output) and fails it when a case did
		 * not do what it claims: a dual write that journaled, or a journaling case that did not.
		 */
		private void report(BenchmarkParams params) {
			String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
			Map<String, JournalStats> stats = this.application.bean(WriteJournal.class).stats();
			MigrationRegistry registry = this.application.bean(MigrationRegistry.class);
			long failed = failedWrites(registry, JournalApplication.FAILING);
			long dualWritesFailed = failedWrites(registry, JournalApplication.SHADOW)
					+ failedWrites(registry, JournalApplication.BACKLOG);
			long journaled = stats.getOrDefault(JournalApplication.FAILING, JournalStats.EMPTY).pending();
			long calls = this.lastId.get();
			System.out.println("[" + benchmark + "] calls: " + calls + ", table_a rows: "
					+ this.application.rows("table_a") + ", table_b rows: " + this.application.rows("table_b")
					+ ", failed second writes: " + (failed + dualWritesFailed) + ", journal: " + stats);
			BenchmarkSupport.check(dualWritesFailed == 0 && !stats.containsKey(JournalApplication.SHADOW),
					"a second write of the dual-write cases failed: " + stats);
			BenchmarkSupport.check(failed == journaled, failed + " failed second writes, " + journaled + " journaled");
			BenchmarkSupport.check(!benchmark.equals("journaling") || journaled > 0, "nothing journaled");
		}

		private static long failedWrites(MigrationRegistry registry, String migration) {
			return registry.find(migration).map(Migration::counters).orElseThrow().failedWrites();
		}

	}

	@Benchmark
	@Group("dualWrite")
	public void handWritten(Application application) {
		long id = application.nextId();
		application.oldDirect.upsert(id, id);
		application.newDirect.upsert(id, id);
	}

	@Benchmark
	@Group("dualWrite")
	public void phasedShadow(Application application) {
		long id = application.nextId();
		application.shadow.upsert(id, id);
	}

	@Benchmark
	@Group("dualWriteInTransaction")
	public void handWrittenInTransaction(Application application) {
		long id = application.nextId();
		application.transactions.executeWithoutResult((status) -> application.oldDirect.upsert(id, id));
		application.newDirect.upsert(id, id);
	}

	@Benchmark
	@Group("dualWriteInTransaction")
	public void phasedShadowInTransaction(Application application) {
		long id = application.nextId();
		application.transactions.executeWithoutResult((status) -> application.shadow.upsert(id, id));
	}

	@Benchmark
	@Group("journaling")
	public void phasedShadowJournaling(Application application) {
		long id = application.nextId();
		application.journaling.upsert(id, id);
	}

	@Benchmark
	@Group("journaling")
	public void journalingReference(Application application) {
		long id = application.nextId();
		application.shadow.upsert(id, id);
	}

	@Benchmark
	@Group("backlog")
	public void phasedShadowWithBacklog(Application application) {
		long id = application.nextId();
		application.backlog.upsert(id, id);
	}

	@Benchmark
	@Group("backlog")
	public void backlogReference(Application application) {
		long id = application.nextId();
		application.shadow.upsert(id, id);
	}

}
