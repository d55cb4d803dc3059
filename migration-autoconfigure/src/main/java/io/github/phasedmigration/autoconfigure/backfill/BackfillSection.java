package io.github.phasedmigration.autoconfigure.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import io.github.phasedmigration.autoconfigure.endpoint.MigrationSection;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint;
import io.github.phasedmigration.autoconfigure.endpoint.SectionRequest;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.BackfillStatus;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.core.registry.Migration;

/**
 * {@code /actuator/migrations/{name}/backfill}: where the backfill stands (GET), and {@code start}
 * (with {@code fromBeginning}), {@code pause} and {@code resume} (POST), each recorded in the
 * migration's history.
 */
public class BackfillSection implements MigrationSection {

	/** The path segment. */
	public static final String SEGMENT = "backfill";

	private final BackfillLifecycle lifecycle;

	public BackfillSection(BackfillLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@Override
	public String segment() {
		return SEGMENT;
	}

	@Override
	public List<String> actions() {
		return List.of("start", "pause", "resume");
	}

	@Override
	public BackfillDescriptor read(Migration migration, @Nullable Integer page, @Nullable Integer size) {
		return new BackfillDescriptor(backfills(migration).status(migration.name()));
	}

	@Override
	public BackfillDescriptor act(Migration migration, SectionRequest request, @Nullable String principal) {
		Backfills backfills = backfills(migration);
		String action = request.action().toLowerCase(Locale.ROOT);
		BackfillStatus status = switch (action) {
			case "start" -> backfills.start(migration.name(), SectionRequest.isTrue(request.fromBeginning()));
			case "pause" -> backfills.pause(migration.name());
			case "resume" -> backfills.resume(migration.name());
			default -> throw new InvalidEndpointRequestException("Unknown action '" + request.action()
					+ "' for the backfill; allowed values: " + String.join(", ", actions()), "Invalid action");
		};
		String detail = ("start".equals(action) && SectionRequest.isTrue(request.fromBeginning())) ? " from the beginning"
				: "";
		migration.recordAction(MigrationsEndpoint.SOURCE, "backfill-" + action, principal,
				((request.reason() != null) ? request.reason() + "; " : "") + "backfill " + action + detail
						+ " at key " + status.lastKey() + ", " + status.rowsDone() + " rows done");
		return new BackfillDescriptor(status);
	}

	@Override
	public @Nullable Object summary(Migration migration) {
		// while the application starts or stops, the migration's answer goes without it
		return this.lifecycle.runningFor(migration.name())
			.map((backfills) -> new BackfillDescriptor(backfills.status(migration.name())))
			.orElse(null);
	}

	private Backfills backfills(Migration migration) {
		Backfills backfills = this.lifecycle.backfills();
		if (!backfills.migrations().contains(migration.name())) {
			throw new MigrationsEndpoint.NoSuchMigrationException("Migration '" + migration.name()
					+ "' has no Backfill bean; backfills: " + backfills.migrations());
		}
		return backfills;
	}

	/**
	 * Where a backfill stands.
	 *
	 * @param migration the migration
	 * @param state NOT_STARTED, RUNNING, PAUSED, COMPLETED or FAILED
	 * @param lastKey the last key copied
	 * @param rowsDone records copied
	 * @param rowsTotal old's estimate of all records, absent when unknown
	 * @param progress rowsDone / rowsTotal, absent when unknown
	 * @param rowsPerSecond the rate over about the last 30 s, on the instance that runs it
	 * @param eta the time left at that rate in seconds, e.g. {@code 42s}; absent when unknown
	 * @param runningHere whether the answering instance runs it
	 * @param startedAt when it first started
	 * @param updatedAt when its checkpoint was last saved
	 * @param finishedAt when it completed
	 * @param lastError why it failed
	 */
	public record BackfillDescriptor(String migration, BackfillState state, @Nullable String lastKey, long rowsDone,
			@Nullable Long rowsTotal, @Nullable Double progress, double rowsPerSecond, @Nullable String eta,
			boolean runningHere, @Nullable Instant startedAt, @Nullable Instant updatedAt, @Nullable Instant finishedAt,
			@Nullable String lastError) implements OperationResponseBody {

		BackfillDescriptor(BackfillStatus status) {
			this(status.migration(), status.state(), status.lastKey(), status.rowsDone(),
					(status.rowsTotal() >= 0) ? status.rowsTotal() : null,
					(status.rowsTotal() > 0) ? Math.min(1.0, (double) status.rowsDone() / status.rowsTotal()) : null,
					Math.round(status.rowsPerSecond() * 10) / 10.0, eta(status.eta()), status.runningHere(),
					status.startedAt(), status.updatedAt(), status.finishedAt(), status.lastError());
		}

		private static @Nullable String eta(@Nullable Duration eta) {
			return (eta != null) ? eta.toSeconds() + "s" : null;
		}

	}

}
