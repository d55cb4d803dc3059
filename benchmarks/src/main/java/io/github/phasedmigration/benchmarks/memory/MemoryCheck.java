package io.github.phasedmigration.benchmarks.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.autoconfigure.metrics.MicrometerMigrationListener;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.engine.MigrationCall;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.engine.ModeResolver;
import io.github.phasedmigration.core.execution.ExecutorSettings;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * Two bounds the starter promises, measured: the heap it retains after one million discrepancies
 * (the ring of samples and the counters must not grow), and the threads it holds while every
 * secondary hangs for good (the pool must not grow). The engine is wired as the starter wires it,
 * Micrometer listener included; the heap is read after full collections.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.phasedmigration.benchmarks.memory.MemoryCheck results/memory.json
 * </pre>
 */
public final class MemoryCheck {

	private static final int DISCREPANCIES = 1_000_000;

	private static final int HANGING_CALLS = 10_000;

	public static void main(String[] args) throws Exception {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("discrepancies", discrepancies());
		result.put("hangingSecondary", hangingSecondary());
		Path output = Path.of(args.length > 0 ? args[0] : "memory.json");
		Files.createDirectories(output.toAbsolutePath().getParent());
		JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(output.toFile(), result);
		System.out.println(result);
		System.exit(0);
	}

	private static Map<String, Object> discrepancies() {
		ExecutorSettings executorSettings = new ExecutorSettings(4, 10_000, "memory-check-", Duration.ofSeconds(5));
		try (SecondaryExecutor executor = new SecondaryExecutor(executorSettings,
				SecondaryExecutor.defaultContextSnapshotFactory())) {
			InMemoryWriteJournal journal = new InMemoryWriteJournal();
			MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS,
					new MicrometerMigrationListener(new SimpleMeterRegistry(), true, null, executor),
					Clock.systemUTC());
			MigrationEngine engine = new MigrationEngine(registry, executor, ModeResolver.EFFECTIVE_MODE, journal,
					TransactionHook.NONE, Clock.systemUTC());
			Migration migration = registry.register("memory-check", MigrationMode.SHADOW,
					new MigrationSettings(Duration.ofSeconds(5), true, false, false, false, new DeepEqualsComparator()));
			// a first round so that classes, meters and the ring's slots exist before the baseline
			run(engine, migration, 0, 1000);
			awaitComparisons(migration, 1000);
			long before = usedHeapAfterGc();
			run(engine, migration, 1000, DISCREPANCIES);
			awaitComparisons(migration, DISCREPANCIES);
			long after = usedHeapAfterGc();
			Map<String, Object> measured = new LinkedHashMap<>();
			measured.put("discrepancies", migration.counters().comparisons(ComparisonResult.MISMATCH));
			measured.put("rejected", migration.counters().comparisons(ComparisonResult.REJECTED));
			measured.put("keptSamples", migration.recentDiscrepancies().size());
			measured.put("usedHeapBeforeBytes", before);
			measured.put("usedHeapAfterBytes", after);
			measured.put("retainedGrowthBytes", after - before);
			return measured;
		}
	}

	/** Calls whose two sides differ (old returns i, new i + 1); waits for room in the queue as it goes. */
	private static void run(MigrationEngine engine, Migration migration, int from, int to) {
		for (int i = from; i < to; i++) {
			while (engine.executor().queueSize() > 5_000) {
				LockSupport.parkNanos(50_000);
			}
			long value = i;
			try {
				engine.execute(migration, new MigrationCall("MemoryCheck.lookup(long)", new Object[] { value },
						MigrationKind.READ, false, () -> value, () -> value + 1));
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void awaitComparisons(Migration migration, long expected) {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (total(migration) < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + total(migration) + " of " + expected + " comparisons");
			}
			LockSupport.parkNanos(1_000_000);
		}
	}

	private static long total(Migration migration) {
		long total = 0;
		for (ComparisonResult result : ComparisonResult.values()) {
			total += migration.counters().comparisons(result);
		}
		return total;
	}

	private static Map<String, Object> hangingSecondary() throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int threadsBefore = threads.getThreadCount();
		ExecutorSettings executorSettings = new ExecutorSettings(4, 100, "hang-check-", Duration.ofMillis(100));
		Map<String, Object> measured = new LinkedHashMap<>();
		try (SecondaryExecutor executor = new SecondaryExecutor(executorSettings,
				SecondaryExecutor.defaultContextSnapshotFactory())) {
			MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS,
					new io.github.phasedmigration.core.registry.MigrationListener() {
					}, Clock.systemUTC());
			MigrationEngine engine = new MigrationEngine(registry, executor, ModeResolver.EFFECTIVE_MODE,
					new InMemoryWriteJournal(), TransactionHook.NONE, Clock.systemUTC());
			Migration migration = registry.register("hang-check", MigrationMode.SHADOW,
					new MigrationSettings(Duration.ofMillis(50), true, false, false, false, new DeepEqualsComparator()));
			int peak = threadsBefore;
			long slowestCallerNanos = 0;
			for (int i = 0; i < HANGING_CALLS; i++) {
				long start = System.nanoTime();
				try {
					engine.execute(migration, new MigrationCall("MemoryCheck.hang()", new Object[0],
							MigrationKind.READ, false, () -> "old", MemoryCheck::hangIgnoringInterrupts));
				}
				catch (Throwable ex) {
					throw new IllegalStateException("The caller was hurt by a hanging secondary", ex);
				}
				slowestCallerNanos = Math.max(slowestCallerNanos, System.nanoTime() - start);
				peak = Math.max(peak, threads.getThreadCount());
			}
			measured.put("calls", HANGING_CALLS);
			measured.put("poolThreads", executorSettings.threads());
			measured.put("threadsBefore", threadsBefore);
			measured.put("peakThreads", peak);
			measured.put("timeouts", migration.counters().comparisons(ComparisonResult.TIMEOUT));
			measured.put("rejected", migration.counters().comparisons(ComparisonResult.REJECTED));
			measured.put("slowestCallerMicros", TimeUnit.NANOSECONDS.toMicros(slowestCallerNanos));
		}
		return measured;
	}

	/** A dependency that never answers and does not react to interrupts either. */
	private static Object hangIgnoringInterrupts() {
		while (true) {
			LockSupport.park();
			Thread.interrupted();
		}
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
