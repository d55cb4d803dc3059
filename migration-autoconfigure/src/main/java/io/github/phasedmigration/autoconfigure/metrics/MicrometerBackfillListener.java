package io.github.phasedmigration.autoconfigure.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.autoconfigure.backfill.BackfillLifecycle;
import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.BackfillStatus;
import io.github.phasedmigration.core.backfill.VerifyDifference;
import io.github.phasedmigration.core.backfill.VerifyReport;

/**
 * Publishes backfills and verifies to Micrometer: rows copied, rows left, the state, the age of a
 * running backfill's checkpoint, the differences the last verify left and the records it repaired.
 * The gauges read the backfill's status (its checkpoint, in the database) at most once every few
 * seconds, so that a scrape costs no query; a status that cannot be read keeps the last values.
 */
public class MicrometerBackfillListener implements BackfillListener {

	private static final Log logger = LogFactory.getLog(MicrometerBackfillListener.class);

	private static final Duration REFRESH = Duration.ofSeconds(5);

	private final MeterRegistry registry;

	private final BackfillLifecycle lifecycle;

	private final Clock clock;

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	/**
	 * Registers the meters of each backfill.
	 * @param migrations the migrations that have a backfill
	 */
	public MicrometerBackfillListener(MeterRegistry registry, BackfillLifecycle lifecycle, Collection<String> migrations,
			Clock clock) {
		this.registry = registry;
		this.lifecycle = lifecycle;
		this.clock = clock;
		for (String migration : migrations) {
			try {
				this.meters.put(migration, new Meters(migration));
			}
			catch (RuntimeException ex) {
				// metrics are never worth a failed start-up
				logger.warn("Backfill meters of '" + migration + "' could not be registered", ex);
			}
		}
	}

	@Override
	public void onRows(String migration, long rows) {
		meters(migration).ifPresent((meters) -> meters.rows.increment(rows));
	}

	@Override
	public void onState(String migration, BackfillState state) {
		meters(migration).ifPresent(Meters::expire);
	}

	@Override
	public void onVerify(VerifyReport report) {
		meters(report.migration()).ifPresent((meters) -> {
			meters.repaired.increment(report.repaired() + report.deleted());
			meters.lastVerify = report;
		});
	}

	private Optional<Meters> meters(String migration) {
		return Optional.ofNullable(this.meters.get(migration));
	}

	/** The meters of one backfill, and the status they read. */
	private final class Meters {

		private final String migration;

		private final Counter rows;

		private final Counter repaired;

		private volatile @Nullable BackfillStatus status;

		private volatile Instant readAt = Instant.MIN;

		private volatile @Nullable VerifyReport lastVerify;

		Meters(String migration) {
			this.migration = migration;
			Tags tags = Tags.of(MigrationMetrics.TAG_MIGRATION, migration);
			MeterRegistry registry = MicrometerBackfillListener.this.registry;
			this.rows = Counter.builder(MigrationMetrics.BACKFILL_ROWS)
				.description("Records the backfill copied from old to new on this instance")
				.tags(tags)
				.register(registry);
			this.repaired = Counter.builder(MigrationMetrics.VERIFY_REPAIRED)
				.description("Records verify repaired: written to the other side, or deleted from it")
				.tags(tags)
				.register(registry);
			gauge(MigrationMetrics.BACKFILL_REMAINING, "Records the backfill has left to copy, by old's estimate",
					tags, (meters) -> meters.remaining());
			TimeGauge.builder(MigrationMetrics.BACKFILL_CHECKPOINT_AGE, this, TimeUnit.SECONDS, Meters::checkpointAge)
				.description("Age of a running backfill's last checkpoint; 0 when it does not run")
				.tags(tags)
				.register(registry);
			for (BackfillState state : BackfillState.values()) {
				gauge(MigrationMetrics.BACKFILL_STATE, "1 for the backfill's state, 0 for the others",
						tags.and(MigrationMetrics.TAG_STATE, tag(state.name())),
						(meters) -> (meters.state() == state) ? 1 : 0);
			}
			for (VerifyDifference.Kind kind : VerifyDifference.Kind.values()) {
				gauge(MigrationMetrics.VERIFY_DIFFERENCES, "Differences the last verify left, by kind",
						tags.and(MigrationMetrics.TAG_KIND, tag(kind.name())), (meters) -> meters.differences(kind));
			}
		}

		private void gauge(String name, String description, Tags tags, ToDoubleFunction<Meters> value) {
			Gauge.builder(name, this, value).description(description).tags(tags).register(
					MicrometerBackfillListener.this.registry);
		}

		void expire() {
			this.readAt = Instant.MIN;
		}

		private @Nullable BackfillStatus status() {
			Instant now = MicrometerBackfillListener.this.clock.instant();
			if (this.readAt.isBefore(now.minus(REFRESH))) {
				this.readAt = now;
				try {
					this.status = MicrometerBackfillListener.this.lifecycle.backfills().status(this.migration);
				}
				catch (RuntimeException ex) {
					// starting, stopping, or the checkpoint's database is away: the last values stay
					logger.debug("Backfill status of '" + this.migration + "' could not be read", ex);
				}
			}
			return this.status;
		}

		private BackfillState state() {
			BackfillStatus status = status();
			return (status != null) ? status.state() : BackfillState.NOT_STARTED;
		}

		private double remaining() {
			BackfillStatus status = status();
			if (status == null || status.rowsTotal() < 0) {
				return Double.NaN;
			}
			return (status.state() == BackfillState.COMPLETED) ? 0 : Math.max(0, status.rowsTotal() - status.rowsDone());
		}

		private double checkpointAge() {
			BackfillStatus status = status();
			if (status == null || status.state() != BackfillState.RUNNING || status.updatedAt() == null) {
				return 0;
			}
			Duration age = Duration.between(status.updatedAt(), MicrometerBackfillListener.this.clock.instant());
			return age.isNegative() ? 0 : age.toMillis() / 1000.0;
		}

		private double differences(VerifyDifference.Kind kind) {
			VerifyReport report = this.lastVerify;
			if (report == null) {
				return 0;
			}
			return switch (kind) {
				case ONLY_IN_OLD -> report.onlyInOld();
				case ONLY_IN_NEW -> report.onlyInNew();
				case DIFFERENT -> report.differing();
			};
		}

	}

	/** ONLY_IN_OLD becomes only-in-old, as every tag value. */
	private static String tag(String constant) {
		return constant.toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
