package io.github.phasedmigration.benchmarks.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map.Entry;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.autoconfigure.MigrationReconcilerProperties;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.TableBWriter;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.reconciliation.Reconciler;

/**
 * Replay throughput of the reconciliation journal on PostgreSQL: how many journal entries per
 * second the application's {@link Reconciler} replays, one reconciler (its replay threads, 4 by default), as its loop
 * runs it while batches go through (batches of 100, the default).
 *
 * <p>Each drain starts from {@code entries} due entries of distinct keys, written before the clock
 * starts ({@link JournalApplication#fillJournal}), whose replay is new's upsert into
 * {@code table_b}. The clock runs from the first claim until a claim finds nothing left. After each
 * drain the run checks that every entry was replayed, that table_b got one row per entry and that
 * the journal is empty. A first, smaller drain warms the JIT and the pool and is not counted.
 *
 * <p>Right after each drain, the same upserts written by hand, one after the other on the same
 * thread ({@code table_b}'s writer called directly, {@value #REFERENCE_WRITES} of them): the rate
 * the disk allows a single writer at that moment, since each replay is one auto-committed write and
 * the disk's flush time drifts from minute to minute.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.phasedmigration.benchmarks.journal.ReplayRun results/replay.json [entries warmupEntries drains]
 * </pre>
 *
 * Defaults: 3 drains of 20,000 entries after a warm-up drain of 5,000.
 */
public final class ReplayRun {

	/** Upserts by hand after each drain, for the reference rate. */
	static final int REFERENCE_WRITES = 4_000;

	private ReplayRun() {
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of(args.length > 0 ? args[0] : "replay.json");
		int entries = (args.length > 1) ? Integer.parseInt(args[1]) : 20_000;
		int warmupEntries = (args.length > 2) ? Integer.parseInt(args[2]) : 5_000;
		int drains = (args.length > 3) ? Integer.parseInt(args[3]) : 3;
		if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
			root.setLevel(Level.WARN);
		}
		Map<String, Object> result = run(entries, warmupEntries, drains);
		Files.createDirectories(output.toAbsolutePath().getParent());
		JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(output.toFile(), result);
		System.out.println(result);
		System.exit(0);
	}

	/**
	 * Starts the application on a fresh database, runs the drains, closes it and drops the database.
	 * @param entries entries of each measured drain
	 * @param warmupEntries entries of the warm-up drain, 0 for none
	 * @param drains how many measured drains
	 * @return what was measured: settings, each drain and the median entries per second
	 */
	public static Map<String, Object> run(int entries, int warmupEntries, int drains) throws Exception {
		Map<String, Object> result = new LinkedHashMap<>();
		try (JournalApplication application = JournalApplication.start()) {
			Reconciler reconciler = application.bean(Reconciler.class);
			result.put("database", BenchmarkDatabase.serverVersion());
			result.put("entries", entries);
			MigrationReconcilerProperties settings = application.bean(MigrationReconcilerProperties.class);
			result.put("batchSize", settings.getBatchSize());
			result.put("replayThreads", settings.getReplayThreads());
			result.put("warmupEntries", warmupEntries);
			result.put("loadAverageBefore", loadAverage());
			long nextId = 1;
			if (warmupEntries > 0) {
				application.fillJournal(nextId, warmupEntries);
				nextId += warmupEntries;
				System.out.println("warm-up " + drain(application, reconciler, warmupEntries));
			}
			List<Map<String, Object>> measured = new ArrayList<>();
			for (int i = 0; i < drains; i++) {
				application.fillJournal(nextId, entries);
				nextId += entries;
				Map<String, Object> drain = drain(application, reconciler, entries);
				drain.put("handWrittenPerSecond", handWritten(application, nextId, REFERENCE_WRITES));
				nextId += REFERENCE_WRITES;
				System.out.println("drain " + drain);
				measured.add(drain);
			}
			result.put("drains", measured);
			List<Double> rates = measured.stream().map((drain) -> (Double) drain.get("entriesPerSecond"))
				.sorted()
				.toList();
			result.put("medianEntriesPerSecond", rates.get(rates.size() / 2));
			result.put("minEntriesPerSecond", rates.get(0));
			result.put("maxEntriesPerSecond", rates.get(rates.size() - 1));
			result.put("loadAverageAfter", loadAverage());
		}
		return result;
	}

	/** The machine's load average over the last minute (Linux), -1 when unknown: a busy machine shows here. */
	private static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** Writes the same upserts as the replays, by hand, one after the other; returns writes per second. */
	private static double handWritten(JournalApplication application, long firstId, int writes) {
		TableBWriter writer = application.bean(TableBWriter.class);
		long start = System.nanoTime();
		for (long id = firstId; id < firstId + writes; id++) {
			writer.upsert(id, id);
		}
		return writes * 1e9 / (System.nanoTime() - start);
	}

	/** Replays until a claim finds nothing; checks that everything went to table_b. */
	private static Map<String, Object> drain(JournalApplication application, Reconciler reconciler, int entries) {
		long rowsBefore = application.rows("table_b");
		int claims = 0;
		long replayed = 0;
		long start = System.nanoTime();
		Reconciler.Batch batch;
		do {
			batch = reconciler.runOnce();
			claims++;
			replayed += batch.replayed();
		}
		while (batch.claimed() > 0);
		long nanos = System.nanoTime() - start;
		long written = application.rows("table_b") - rowsBefore;
		Map<String, JournalStats> left = application.bean(WriteJournal.class).stats();
		if (replayed != entries || written != entries || !left.isEmpty()) {
			throw new IllegalStateException("Replayed " + replayed + " of " + entries + " entries, " + written
					+ " rows written to table_b, journal left: "
					+ left.entrySet().stream().map(Entry::toString).toList());
		}
		Map<String, Object> drain = new LinkedHashMap<>();
		drain.put("entries", replayed);
		drain.put("claims", claims);
		drain.put("millis", nanos / 1_000_000.0);
		drain.put("entriesPerSecond", replayed * 1e9 / nanos);
		return drain;
	}

}
