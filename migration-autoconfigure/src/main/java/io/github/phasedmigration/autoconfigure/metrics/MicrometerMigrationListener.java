package io.github.phasedmigration.autoconfigure.metrics;

import java.time.Clock;
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
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.journal.ReplayResult;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.ModeChange;

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

	private final @Nullable JournalStatsCache journalStats;

	private final Clock clock;

	/**
	 * Publishes to the registry.
	 * @param journalStats the journal's counts, for the reconciliation gauges; {@code null} for none
	 */
	public MicrometerMigrationListener(MeterRegistry registry, boolean percentilesHistogram,
			@Nullable JournalStatsCache journalStats, SecondaryExecutor executor) {
		this.registry = registry;
		this.percentilesHistogram = percentilesHistogram;
		this.journalStats = journalStats;
		this.clock = Clock.systemUTC();
		try {
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

	@Override
	public void onJournaled(Migration migration, Impl impl, JournalCause cause) {
		meters(migration).journaled.get(cause).increment();
	}

	@Override
	public void onJournalFailure(Migration migration) {
		meters(migration).journalFailures.increment();
	}

	@Override
	public void onReplay(Migration migration, ReplayResult result) {
		meters(migration).replays.get(result).increment();
	}

	@Override
	public void onRollback(Migration migration, ModeChange change, Readiness readiness) {
		meters(migration).rollbacks.increment();
	}

	private double oldestPendingSeconds(String migration) {
		JournalStatsCache stats = this.journalStats;
		return (stats != null) ? stats.of(migration).oldestPendingAge(this.clock.instant()).toMillis() / 1000.0 : 0;
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

		private final EnumMap<JournalCause, Counter> journaled = new EnumMap<>(JournalCause.class);

		private final EnumMap<ReplayResult, Counter> replays = new EnumMap<>(ReplayResult.class);

		private final Counter journalFailures;

		private final Counter fallbacks;

		private final Counter rollbacks;

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
			for (JournalCause cause : JournalCause.values()) {
				this.journaled.put(cause, Counter.builder(MigrationMetrics.JOURNAL_ENTRIES)
					.description("Second writes appended to the reconciliation journal: failed, or queued behind an "
							+ "earlier entry of their key")
					.tags(this.tags)
					.tag(MigrationMetrics.TAG_CAUSE, cause.tag())
					.register(registry));
			}
			for (ReplayResult result : ReplayResult.values()) {
				this.replays.put(result, Counter.builder(MigrationMetrics.RECONCILIATION_REPLAYS)
					.description("Replays of journal entries by result")
					.tags(this.tags)
					.tag(MigrationMetrics.TAG_RESULT, result.tag())
					.register(registry));
			}
			this.journalFailures = Counter.builder(MigrationMetrics.JOURNAL_FAILURES)
				.description("Second writes the journal could not take: NOT reconciled")
				.tags(this.tags)
				.register(registry);
			JournalStatsCache stats = MicrometerMigrationListener.this.journalStats;
			if (stats != null) {
				String name = migration.name();
				Gauge.builder(MigrationMetrics.RECONCILIATION_PENDING, stats, (s) -> s.of(name).pending())
					.description("Journal entries waiting for (or in) a replay")
					.tags(this.tags)
					.register(registry);
				Gauge.builder(MigrationMetrics.RECONCILIATION_PARKED, stats, (s) -> s.of(name).parked())
					.description("Journal entries out of attempts, waiting for a person to retry or discard them")
					.tags(this.tags)
					.register(registry);
				TimeGauge.builder(MigrationMetrics.RECONCILIATION_OLDEST_AGE, MicrometerMigrationListener.this,
						TimeUnit.SECONDS, (listener) -> listener.oldestPendingSeconds(name))
					.description("Age of the oldest pending journal entry, 0 when none")
					.tags(this.tags)
					.register(registry);
			}
			this.fallbacks = Counter.builder(MigrationMetrics.FALLBACKS)
				.description("REVERSE_SHADOW calls served by old because new failed")
				.tags(this.tags)
				.register(registry);
			Gauge.builder(MigrationMetrics.MODE_PERCENTAGE, migration, (m) -> m.rollout().percentage())
				.description("Share of calls in the effective mode, 0 to 100; the rest get the mode before it")
				.tags(this.tags)
				.register(registry);
			this.rollbacks = Counter.builder(MigrationMetrics.ROLLBACKS)
				.description("Automatic rollbacks: one mode back after failing windows in a row")
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
