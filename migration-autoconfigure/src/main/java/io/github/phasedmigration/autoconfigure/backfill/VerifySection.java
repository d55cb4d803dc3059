package io.github.phasedmigration.autoconfigure.backfill;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import io.github.phasedmigration.autoconfigure.endpoint.MigrationSection;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint;
import io.github.phasedmigration.autoconfigure.endpoint.SectionRequest;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.core.registry.Migration;

/**
 * {@code /actuator/migrations/{name}/verify}: the last verify's report (GET), and {@code start}
 * (POST, with {@code repair} and {@code deleteExtra}), which runs in the background and is
 * recorded in the migration's history.
 */
public class VerifySection implements MigrationSection {

	/** The path segment. */
	public static final String SEGMENT = "verify";

	private final BackfillLifecycle lifecycle;

	private final MigrationBackfillProperties properties;

	public VerifySection(BackfillLifecycle lifecycle, MigrationBackfillProperties properties) {
		this.lifecycle = lifecycle;
		this.properties = properties;
	}

	@Override
	public String segment() {
		return SEGMENT;
	}

	@Override
	public List<String> actions() {
		return List.of("start");
	}

	/** The last verify's report; {@code {"state": "NOT_STARTED"}} when none ran since start-up. */
	@Override
	public Object read(Migration migration, @Nullable Integer page, @Nullable Integer size) {
		return backfills(migration).lastVerify(migration.name())
			.map(Object.class::cast)
			.orElseGet(() -> Map.of("migration", migration.name(), "state", "NOT_STARTED"));
	}

	@Override
	public VerifyReport act(Migration migration, SectionRequest request, @Nullable String principal) {
		if (!"start".equals(request.action().toLowerCase(Locale.ROOT))) {
			throw new InvalidEndpointRequestException(
					"Unknown action '" + request.action() + "' for verify; allowed values: start", "Invalid action");
		}
		boolean repair = SectionRequest.isTrue(request.repair());
		boolean deleteExtra = SectionRequest.isTrue(request.deleteExtra());
		if (deleteExtra && !repair) {
			throw new InvalidEndpointRequestException("'deleteExtra' applies only to a repair: add \"repair\": true",
					"Invalid options");
		}
		VerifyReport report = backfills(migration).verify(migration.name(),
				this.properties.verifyOptions(repair, deleteExtra));
		migration.recordAction(MigrationsEndpoint.SOURCE, repair ? "verify-repair" : "verify", principal,
				((request.reason() != null) ? request.reason() + "; " : "") + "verify started in mode "
						+ report.mode() + (repair ? ", repairing" + (deleteExtra ? " and deleting extra records" : "")
								: ""));
		return report;
	}

	/** The last verify in short: its state and counts, without samples. */
	@Override
	public @Nullable Object summary(Migration migration) {
		// while the application starts or stops, the migration's answer goes without it
		return this.lifecycle.runningFor(migration.name())
			.flatMap((backfills) -> backfills.lastVerify(migration.name()))
			.map((report) -> new VerifySummary(report.state().name(), report.finishedAt(), report.rowsCompared(),
					report.onlyInOld(), report.onlyInNew(), report.differing(), report.pendingInJournal(),
					report.repaired(), report.deleted()))
			.orElse(null);
	}

	private Backfills backfills(Migration migration) {
		Backfills backfills = this.lifecycle.backfills();
		if (!backfills.migrations().contains(migration.name())) {
			throw new MigrationsEndpoint.NoSuchMigrationException("Migration '" + migration.name()
					+ "' has no Backfill bean to verify with; backfills: " + backfills.migrations());
		}
		return backfills;
	}

	/** The last verify's state and counts. */
	public record VerifySummary(String state, java.time.@Nullable Instant finishedAt, long rowsCompared,
			long onlyInOld, long onlyInNew, long differing, long pendingInJournal, long repaired, long deleted) {
	}

}
