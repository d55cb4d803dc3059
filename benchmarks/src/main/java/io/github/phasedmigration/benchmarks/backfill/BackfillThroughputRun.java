package io.github.phasedmigration.benchmarks.backfill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.backfill.jdbc.JdbcBackfillTable;
import io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore;
import io.github.phasedmigration.benchmarks.journal.BenchmarkDatabase;
import io.github.phasedmigration.benchmarks.journal.BenchmarkDatabase.Server;
import io.github.phasedmigration.core.backfill.BackfillCheckpoint;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.InMemoryCheckpointStore;
import io.github.phasedmigration.core.backfill.VerifyReport;

/**
 * Backfill throughput from MariaDB to PostgreSQL on this machine, against the same copy written by
 * hand: rows per second of the starter's backfill ({@link StarterBackfill}) and of a hand-written
 * JDBC copy ({@link HandWrittenCopy}), then of the starter's verify over the two equal tables and of
 * a hand-written merge ({@link HandWrittenMerge}). A plain measured program, not JMH: the figure is
 * rows per second over a copy of a million rows.
 *
 * <p>Both databases are created for the run and dropped after it ({@link BackfillDatabases}).
 * {@code rounds} rounds; in each, every chunk size in turn runs every copy once, in turn, the target
 * emptied before each (off the clock) and checked complete after it, the order of the copies
 * reversed from one round to the next so that none always runs first; then compares the two equal
 * tables once with verify and once by hand, also in alternating order. The median round of each is
 * reported, with the process's CPU time per row. A warm-up round with the first chunk size, not
 * counted, comes first.
 *
 * <p>The copies ({@link Copy}): the limit and the starter's backfill, which the target compares,
 * and four more that tell where the difference goes: the hand-written copy with the backfill's
 * {@code ON CONFLICT DO NOTHING}, the backfill with checkpoints in memory, and the backfill with the
 * write this benchmark proposes for {@link JdbcBackfillTable#insertMissing} on PostgreSQL
 * ({@link PrefilteredInsertSink}), without and with checkpoints committed asynchronously.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.phasedmigration.benchmarks.backfill.BackfillThroughputRun results/backfill.json [rows chunkSizes rounds]
 * </pre>
 *
 * Defaults: 1,000,000 rows, chunk sizes 1000 and 5000, 3 rounds. The system property
 * {@code benchmark.commit} names the commit in the results.
 */
public final class BackfillThroughputRun {

	/** Checkpoint saves timed one after the other, for the cost of one. */
	static final int CHECKPOINT_SAVES = 200;

	/** The copies of a round. */
	public enum Copy {

		/** The limit: plain JDBC, plain batched INSERT ({@link HandWrittenCopy}). */
		HAND_WRITTEN("handWritten"),

		/** The same with the backfill's statement, {@code INSERT ... ON CONFLICT (order_id) DO NOTHING}. */
		HAND_WRITTEN_INSERT_MISSING("handWrittenInsertMissing"),

		/** The starter's backfill as shipped: {@code JdbcBackfillTable} on both sides, the JDBC checkpoint store. */
		BACKFILL("backfill"),

		/** The same with {@link InMemoryCheckpointStore}: what the durable checkpoints cost. */
		BACKFILL_IN_MEMORY_CHECKPOINTS("backfillInMemoryCheckpoints"),

		/** The backfill whose write to new is the proposed one ({@link PrefilteredInsertSink}). */
		BACKFILL_PREFILTERED_INSERT("backfillPrefilteredInsert"),

		/** The same, its checkpoints committed without waiting for the WAL flush. */
		BACKFILL_PREFILTERED_INSERT_ASYNC_CHECKPOINTS("backfillPrefilteredInsertAsyncCheckpoints");

		private final String key;

		Copy(String key) {
			this.key = key;
		}

		/** Its name in the results. */
		public String key() {
			return this.key;
		}

	}

	private BackfillThroughputRun() {
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of(args.length > 0 ? args[0] : "backfill.json");
		int rows = (args.length > 1) ? Integer.parseInt(args[1]) : 1_000_000;
		List<Integer> chunkSizes = (args.length > 2)
				? Arrays.stream(args[2].split(",")).map(String::trim).map(Integer::valueOf).toList()
				: List.of(1000, 5000);
		int rounds = (args.length > 3) ? Integer.parseInt(args[3]) : 3;
		if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
			root.setLevel(Level.WARN);
		}
		Map<String, Object> result = run(rows, chunkSizes, rounds, true);
		Files.createDirectories(output.toAbsolutePath().getParent());
		JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(output.toFile(), result);
		System.out.println("Results written to " + output);
		System.exit(0);
	}

	/**
	 * Creates the databases, seeds the source, measures every chunk size and drops the databases.
	 * @param rows rows of the source table, all copied
	 * @param chunkSizes the chunk sizes to measure, in turns within every round
	 * @param rounds rounds of every copy and comparison, for each chunk size
	 * @param warmUp whether a round not counted comes first
	 * @return what was measured: the machine, the settings, and for each chunk size every round and
	 * the medians
	 */
	public static Map<String, Object> run(int rows, List<Integer> chunkSizes, int rounds, boolean warmUp)
			throws Exception {
		Map<String, Object> result = new LinkedHashMap<>();
		// as run.sh writes dates: 2026-11-23T09:35Z
		result.put("date", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC)
			.format(Instant.now()));
		result.put("commit", System.getProperty("benchmark.commit", "unknown"));
		result.put("machine", MachineFacts.machine());
		result.put("java", MachineFacts.java());
		result.put("source", BenchmarkDatabase.serverVersion(Server.MARIADB));
		result.put("target", BenchmarkDatabase.serverVersion(Server.POSTGRESQL));
		result.put("rows", rows);
		result.put("filter", "none: every row of orders is copied");
		result.put("rounds", rounds);
		result.put("poolSize", BackfillDatabases.POOL_SIZE);
		result.put("writeBatchSize", JdbcBackfillTable.DEFAULT_BATCH_SIZE);
		result.put("loadAverageBefore", MachineFacts.loadAverage());
		long seedStart = System.nanoTime();
		try (BackfillDatabases databases = BackfillDatabases.create(rows)) {
			result.put("seedSeconds", (System.nanoTime() - seedStart) / 1e9);
			log("seeded %,d rows in %.1f s", rows, (System.nanoTime() - seedStart) / 1e9);
			if (warmUp) {
				try (ChunkSizeTrial warmUpTrial = new ChunkSizeTrial(databases, chunkSizes.get(0))) {
					warmUpTrial.round(0, "warm-up");
				}
			}
			// the chunk sizes take turns too, round by round, so that a busier minute of the machine is shared
			List<ChunkSizeTrial> trials = new ArrayList<>();
			try {
				for (int chunkSize : chunkSizes) {
					trials.add(new ChunkSizeTrial(databases, chunkSize));
				}
				for (int round = 0; round < rounds; round++) {
					for (ChunkSizeTrial trial : trials) {
						trial.round(round, "chunk " + trial.chunkSize);
					}
				}
				result.put("chunkSizes", trials.stream().map(ChunkSizeTrial::result).toList());
			}
			finally {
				trials.forEach(ChunkSizeTrial::close);
			}
			result.put("estimateCountMillis", estimateCountMillis(databases));
			result.put("checkpointSaves", CHECKPOINT_SAVES);
			result.put("checkpointSaveMillis", checkpointSaveMillis(databases));
		}
		result.put("loadAverageAfter", MachineFacts.loadAverage());
		return result;
	}

	/** The copies and comparisons of one chunk size, round after round. */
	private static final class ChunkSizeTrial implements AutoCloseable {

		private final BackfillDatabases databases;

		private final int chunkSize;

		private final Map<Copy, StarterBackfill> backfills = new EnumMap<>(Copy.class);

		private final Map<Copy, Rates> copies = new EnumMap<>(Copy.class);

		private final Rates verify = new Rates();

		private final Rates merge = new Rates();

		ChunkSizeTrial(BackfillDatabases databases, int chunkSize) {
			this.databases = databases;
			this.chunkSize = chunkSize;
			this.backfills.put(Copy.BACKFILL, new StarterBackfill(databases, chunkSize));
			this.backfills.put(Copy.BACKFILL_IN_MEMORY_CHECKPOINTS,
					new StarterBackfill(databases, chunkSize, new InMemoryCheckpointStore(), null));
			this.backfills.put(Copy.BACKFILL_PREFILTERED_INSERT, new StarterBackfill(databases, chunkSize,
					new JdbcCheckpointStore(databases.target()), new PrefilteredInsertSink(databases.target())));
			this.backfills.put(Copy.BACKFILL_PREFILTERED_INSERT_ASYNC_CHECKPOINTS,
					new StarterBackfill(databases, chunkSize, new JdbcCheckpointStore(databases.asyncCommitTarget()),
							new PrefilteredInsertSink(databases.target())));
			for (Copy copy : Copy.values()) {
				this.copies.put(copy, new Rates());
			}
		}

		/**
		 * Every copy once, in turn (reversed in odd rounds), each checked complete; then verify and
		 * the hand-written merge, in alternating order.
		 */
		void round(int round, String label) throws Exception {
			List<Copy> order = new ArrayList<>(List.of(Copy.values()));
			if (round % 2 == 1) {
				Collections.reverse(order);
			}
			for (Copy copy : order) {
				this.databases.emptyTarget();
				Stopwatch clock = Stopwatch.start();
				long copied = switch (copy) {
					case HAND_WRITTEN -> HandWrittenCopy.copy(this.databases.source(), this.databases.target(),
							this.chunkSize, HandWrittenCopy.INSERT);
					case HAND_WRITTEN_INSERT_MISSING -> HandWrittenCopy.copy(this.databases.source(),
							this.databases.target(), this.chunkSize, HandWrittenCopy.INSERT_MISSING);
					default -> this.backfills.get(copy).copy();
				};
				this.copies.get(copy).add(copied, clock);
				this.databases.checkTargetComplete();
			}
			for (int i = 0; i < 2; i++) {
				if ((i == 0) == (round % 2 == 0)) {
					Stopwatch clock = Stopwatch.start();
					VerifyReport report = this.backfills.get(Copy.BACKFILL).verify();
					this.verify.add(report.rowsCompared(), clock);
				}
				else {
					Stopwatch clock = Stopwatch.start();
					HandWrittenMerge.Result compared = HandWrittenMerge.compare(this.databases.source(),
							this.databases.target(), this.chunkSize);
					this.merge.add(compared.keysCompared(), clock);
					if (compared.keysCompared() != this.databases.rows() || compared.differences() != 0) {
						throw new IllegalStateException("The hand-written merge of two equal tables of "
								+ this.databases.rows() + " rows said " + compared);
					}
				}
			}
			StringBuilder line = new StringBuilder(label + ", round " + (round + 1) + ":");
			this.copies.forEach((copy, rates) -> line
				.append(String.format(Locale.ROOT, " %s %,.0f,", copy.key(), rates.last())));
			line.append(String.format(Locale.ROOT, " verify %,.0f, handWrittenMerge %,.0f rows/s (load %.2f)",
					this.verify.last(), this.merge.last(), MachineFacts.loadAverage()));
			System.out.println(line);
		}

		Map<String, Object> result() {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("chunkSize", this.chunkSize);
			Map<String, Object> copyResults = new LinkedHashMap<>();
			this.copies.forEach((copy, rates) -> copyResults.put(copy.key(), rates.toMap()));
			result.put("copies", copyResults);
			result.put("backfillRatio",
					this.copies.get(Copy.BACKFILL).median() / this.copies.get(Copy.HAND_WRITTEN).median());
			result.put("verify", this.verify.toMap());
			result.put("handWrittenMerge", this.merge.toMap());
			result.put("verifyRatio", this.verify.median() / this.merge.median());
			return result;
		}

		@Override
		public void close() {
			this.backfills.values().forEach(StarterBackfill::close);
		}

	}

	/** Wall time and this process's CPU time since a start. */
	private record Stopwatch(long nanos, long cpuNanos) {

		static Stopwatch start() {
			return new Stopwatch(System.nanoTime(), MachineFacts.processCpuNanos());
		}

	}

	/** How long old's {@code SELECT COUNT(*)} takes, which every backfill run asks once for its ETA. */
	private static double estimateCountMillis(BackfillDatabases databases) {
		JdbcBackfillTable<Long, PendingPayment> orders = StarterBackfill.orders(databases.source());
		orders.estimateCount();
		long start = System.nanoTime();
		orders.estimateCount();
		return (System.nanoTime() - start) / 1e6;
	}

	/** The mean time of one checkpoint save of the JDBC store on PostgreSQL, one after the other. */
	private static double checkpointSaveMillis(BackfillDatabases databases) {
		JdbcCheckpointStore store = new JdbcCheckpointStore(databases.target());
		String migration = "checkpoint-cost";
		Instant now = Instant.now();
		store.acquire(migration, "benchmark", now, now.plusSeconds(60));
		long start = System.nanoTime();
		for (int i = 1; i <= CHECKPOINT_SAVES; i++) {
			now = Instant.now();
			store.save(new BackfillCheckpoint(migration, BackfillState.RUNNING, Integer.toString(i), i, -1, now, now,
					null, null), "benchmark", now.plusSeconds(60));
		}
		double millis = (System.nanoTime() - start) / 1e6 / CHECKPOINT_SAVES;
		store.reset(migration);
		return millis;
	}

	private static void log(String format, Object... arguments) {
		System.out.println(String.format(Locale.ROOT, format, arguments));
	}

	/** Rows per second, and this process's CPU time per row, of the rounds of one case. */
	private static final class Rates {

		private final List<Long> rows = new ArrayList<>();

		private final List<Double> rowsPerSecond = new ArrayList<>();

		private final List<Double> millis = new ArrayList<>();

		private final List<Double> cpuMicrosPerRow = new ArrayList<>();

		/** Rows done since the clock started, now. */
		void add(long rows, Stopwatch clock) {
			long nanos = System.nanoTime() - clock.nanos();
			long cpuNanos = MachineFacts.processCpuNanos() - clock.cpuNanos();
			this.rows.add(rows);
			this.rowsPerSecond.add(rows * 1e9 / nanos);
			this.millis.add(nanos / 1e6);
			this.cpuMicrosPerRow.add((clock.cpuNanos() >= 0) ? cpuNanos / 1e3 / rows : -1);
		}

		double last() {
			return this.rowsPerSecond.get(this.rowsPerSecond.size() - 1);
		}

		double median() {
			return median(this.rowsPerSecond);
		}

		private static double median(List<Double> values) {
			List<Double> sorted = values.stream().sorted().toList();
			return sorted.get(sorted.size() / 2);
		}

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("rows", this.rows);
			map.put("rowsPerSecond", this.rowsPerSecond);
			map.put("millis", this.millis);
			map.put("medianRowsPerSecond", median());
			map.put("minRowsPerSecond", Collections.min(this.rowsPerSecond));
			map.put("maxRowsPerSecond", Collections.max(this.rowsPerSecond));
			map.put("cpuMicrosPerRow", this.cpuMicrosPerRow);
			map.put("medianCpuMicrosPerRow", median(this.cpuMicrosPerRow));
			return map;
		}

	}

}
