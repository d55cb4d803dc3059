package io.github.phasedmigration.autoconfigure.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.FailedWriteHandler;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Migration;
import io.github.phasedmigration.core.MigrationListener;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.execution.SecondaryExecutor;

/**
 * Publishes migrations to Micrometer under the names of {@link MigrationMetrics}. Meters are built
 * once per migration and looked up by array index on the hot path; tags never carry arguments or
 * results.
 */
public class MicrometerMigrationListener implements MigrationListener {

	private static final Log logger = LogFactory.getLog(MicrometerMigrationListener.class);

	private static final String[] OUTCOMES = { "success", "error" };

	private final MeterRegistry registry;

	private final boolean percentilesHistogram;

	private final Map<Migration, Meters> meters = new ConcurrentHashMap<>();

	public MicrometerMigrationListener(MeterRegistry registry, boolean percentilesHistogram,
			FailedWriteHandler failedWriteHandler, SecondaryExecutor executor) {
		this.registry = registry;
		this.percentilesHistogram = percentilesHistogram;
		try {
			Gauge.builder(MigrationMetrics.RECONCILIATION_PENDING, failedWriteHandler, FailedWriteHandler::pending)
				.description("Failed secondary writes waiting for reconciliation")
				.register(registry);
			Gauge.builder(MigrationMetrics.EXECUTOR_ACTIVE, executor, SecondaryExecutor::activeCount)
				.description("Secondary reads running now")
				.register(registry);
			Gauge.builder(MigrationMetrics.EXECUTOR_QUEUED, executor, SecondaryExecutor::queueSize)
				.description("Secondary reads waiting for a thread")
				.register(registry);
		}
		catch (RuntimeException ex) {
			// metrics are never worth a failed start-up
			logger.warn("Migration gauges could not be registered", ex);
		}
	}

	@Override
	public void onRegistered(Migration migration) {
		meters(migration);
	}

	@Override
	public void onCall(Migration migration, Impl impl, Role role, boolean success, long nanos) {
		meters(migration).timer(impl, role, success).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void onComparison(Migration migration, ComparisonResult result) {
		meters(migration).comparisons.get(result).increment();
	}

	@Override
	public void onDiscrepancy(Migration migration, MismatchCategory category) {
		meters(migration).discrepancies.get(category).increment();
	}

	@Override
	public void onFallback(Migration migration) {
		meters(migration).fallbacks.increment();
	}

	@Override
	public void onFailedWrite(Migration migration, Impl impl) {
		meters(migration).failedWrites.get(impl).increment();
	}

	private Meters meters(Migration migration) {
		Meters existing = this.meters.get(migration);
		return (existing != null) ? existing : this.meters.computeIfAbsent(migration, Meters::new);
	}

	/** The meters of one migration. */
	private final class Meters {

		private final Migration migration;

		private final Tags tags;

		private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(8);

		private final EnumMap<ComparisonResult, Counter> comparisons = new EnumMap<>(ComparisonResult.class);

		private final EnumMap<MismatchCategory, Counter> discrepancies = new EnumMap<>(MismatchCategory.class);

		private final EnumMap<Impl, Counter> failedWrites = new EnumMap<>(Impl.class);

		private final Counter fallbacks;

		Meters(Migration migration) {
			this.migration = migration;
			this.tags = Tags.of(MigrationMetrics.TAG_MIGRATION, migration.name());
			MeterRegistry registry = MicrometerMigrationListener.this.registry;
			for (ComparisonResult result : ComparisonResult.values()) {
				this.comparisons.put(result, Counter.builder(MigrationMetrics.COMPARISONS)
					.description("Secondary runs by how their comparison ended")
					.tags(this.tags)
					.tag(MigrationMetrics.TAG_RESULT, result.tag())
					.register(registry));
			}
			for (MismatchCategory category : MismatchCategory.values()) {
				this.discrepancies.put(category, Counter.builder(MigrationMetrics.DISCREPANCIES)
					.description("Discrepancies by category")
					.tags(this.tags)
					.tag(MigrationMetrics.TAG_CATEGORY, category.tag())
					.register(registry));
			}
			for (Impl impl : Impl.values()) {
				this.failedWrites.put(impl, Counter.builder(MigrationMetrics.FAILED_WRITES)
					.description("Secondary writes that failed and need reconciliation")
					.tags(this.tags)
					.tag(MigrationMetrics.TAG_IMPL, impl.tag())
					.register(registry));
			}
			this.fallbacks = Counter.builder(MigrationMetrics.FALLBACKS)
				.description("REVERSE_SHADOW calls served by old because new failed")
				.tags(this.tags)
				.register(registry);
			for (MigrationMode mode : MigrationMode.values()) {
				Gauge.builder(MigrationMetrics.MODE, migration, (m) -> (m.effectiveMode() == mode) ? 1 : 0)
					.description("1 for the migration's effective mode, 0 for the others")
					.tags(this.tags)
					.tag(MigrationMetrics.TAG_MODE, mode.tag())
					.register(registry);
			}
		}

		Timer timer(Impl impl, Role role, boolean success) {
			int index = impl.ordinal() * 4 + role.ordinal() * 2 + (success ? 0 : 1);
			Timer timer = this.timers.get(index);
			if (timer == null) {
				Timer.Builder builder = Timer.builder(MigrationMetrics.CALLS)
					.description("Runs of each implementation, by role and outcome")
					.tags(this.tags)
					.tag(MigrationMetrics.TAG_IMPL, impl.tag())
					.tag(MigrationMetrics.TAG_ROLE, role.tag())
					.tag(MigrationMetrics.TAG_OUTCOME, OUTCOMES[success ? 0 : 1]);
				if (MicrometerMigrationListener.this.percentilesHistogram) {
					builder.publishPercentileHistogram()
						.minimumExpectedValue(Duration.ofNanos(100_000))
						.maximumExpectedValue(Duration.ofSeconds(30));
				}
				timer = builder.register(MicrometerMigrationListener.this.registry);
				this.timers.set(index, timer);
			}
			return timer;
		}

	}

}
