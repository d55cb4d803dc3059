package io.github.phasedmigration.autoconfigure.journal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.github.phasedmigration.core.journal.JournalFailures;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.JournalStatsCache;

/**
 * Health of the reconciliation journal, {@code migrationJournal}: pending and parked entries per
 * migration, the age of the oldest pending one, and appends that failed (second writes that are
 * not reconciled, invariant I6). UP unless the journal cannot be read, or an append failed and
 * {@code migration.journal.health.down-on-write-failure} is set; parked entries show in the
 * details and in metrics without turning the application DOWN, since restarting it would not help.
 */
public class MigrationJournalHealthIndicator extends AbstractHealthIndicator {

	private final JournalStatsCache stats;

	private final JournalFailures failures;

	private final boolean downOnWriteFailure;

	private final Clock clock;

	public MigrationJournalHealthIndicator(JournalStatsCache stats, JournalFailures failures,
			boolean downOnWriteFailure, Clock clock) {
		super("Migration journal health check failed");
		this.stats = stats;
		this.failures = failures;
		this.downOnWriteFailure = downOnWriteFailure;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, JournalStats> all = this.stats.all();
		Throwable readError = this.stats.lastError();
		long failed = this.failures.count();
		if (readError != null) {
			builder.down(readError);
		}
		else if (failed > 0 && this.downOnWriteFailure) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("durable", this.stats.journal().durable());
		Map<String, Object> migrations = new LinkedHashMap<>();
		Instant now = this.clock.instant();
		all.forEach((name, stats) -> {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("pending", stats.pending());
			details.put("parked", stats.parked());
			if (stats.oldestPending() != null) {
				details.put("oldestPendingAge", DurationStyle.SIMPLE.print(stats.oldestPendingAge(now)));
			}
			migrations.put(name, details);
		});
		builder.withDetail("migrations", migrations);
		builder.withDetail("failedAppends", failed);
		if (this.failures.lastTime() != null) {
			builder.withDetail("lastFailedAppend", this.failures.lastTime() + " " + this.failures.lastError());
		}
	}

}
