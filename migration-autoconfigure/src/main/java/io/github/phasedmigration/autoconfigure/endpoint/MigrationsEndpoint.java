package io.github.phasedmigration.autoconfigure.endpoint;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

import io.github.phasedmigration.autoconfigure.MigrationMethods;
import io.github.phasedmigration.core.Migration;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.MigrationRegistry;
import io.github.phasedmigration.core.MigrationSettings;
import io.github.phasedmigration.core.ModeChange;
import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.journal.WriteJournal;

/**
 * {@link Endpoint @Endpoint} {@code migrations}: every migration with its modes and counters; one
 * migration with its recent discrepancies and history; switching a mode (a runtime override that
 * wins until it is reset) and resetting it. Changes go to the registry, never to the properties.
 * The parked entries of the reconciliation journal are listed under {@code {name}/parked}, and
 * retried or discarded there. Set {@code management.endpoint.migrations.access=read-only} to forbid
 * switching and operating the journal.
 */
@Endpoint(id = "migrations")
public class MigrationsEndpoint {

	/** The value of the history's {@code source} for changes made here. */
	public static final String SOURCE = "actuator";

	private static final Log discardLogger = LogFactory.getLog("io.github.phasedmigration.failed-writes");

	/** Largest page of parked entries. */
	public static final int MAX_PAGE_SIZE = 500;

	/** The path segment of parked journal entries: {@code /actuator/migrations/{name}/parked}. */
	public static final String PARKED = "parked";

	private final MigrationRegistry registry;

	private final MigrationMethods methods;

	private final @Nullable JournalStatsCache journalStats;

	private final Clock clock = Clock.systemUTC();

	public MigrationsEndpoint(MigrationRegistry registry, MigrationMethods methods) {
		this(registry, methods, null);
	}

	/**
	 * An endpoint that also shows and operates the reconciliation journal.
	 * @param journalStats the journal's counts, with the journal itself; {@code null} for none
	 */
	public MigrationsEndpoint(MigrationRegistry registry, MigrationMethods methods,
			@Nullable JournalStatsCache journalStats) {
		this.registry = registry;
		this.methods = methods;
		this.journalStats = journalStats;
	}

	/** Every migration with its modes and counters. */
	@ReadOperation
	public MigrationsDescriptor migrations() {
		Map<String, Set<String>> methodsByMigration = this.methods.methodsByMigration();
		Map<String, MigrationSummary> migrations = new LinkedHashMap<>();
		for (Migration migration : this.registry.all()) {
			migrations.put(migration.name(), summary(migration, methodsByMigration));
		}
		return new MigrationsDescriptor(migrations);
	}

	/** One migration with its recent discrepancies and history, or {@code null} (404) when unknown. */
	@ReadOperation
	public @Nullable MigrationDescriptor migration(@Selector String name) {
		return this.registry.find(name).map(this::descriptor).orElse(null);
	}

	/**
	 * Overrides the mode of a migration until it is reset.
	 * @param name the migration
	 * @param mode the mode, e.g. {@code SHADOW} (case and dashes do not matter)
	 * @param reason why, kept in the history
	 * @return the migration after the change
	 * @throws NoSuchMigrationException for an unknown name
	 * @throws InvalidEndpointRequestException for an unknown mode
	 */
	@WriteOperation
	public MigrationDescriptor switchMode(@Selector String name, String mode, @Nullable String reason,
			SecurityContext securityContext) {
		Migration migration = require(name);
		MigrationMode parsed;
		try {
			parsed = MigrationMode.parse(mode);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), "Invalid mode");
		}
		migration.override(parsed, SOURCE, principal(securityContext), reason);
		return descriptor(migration);
	}

	/**
	 * Drops the runtime override: the declared mode applies again.
	 * @param name the migration
	 * @param reason why, kept in the history
	 * @return the migration after the change
	 * @throws NoSuchMigrationException for an unknown name
	 */
	@DeleteOperation
	public MigrationDescriptor resetOverride(@Selector String name, @Nullable String reason,
			SecurityContext securityContext) {
		Migration migration = require(name);
		migration.resetOverride(SOURCE, principal(securityContext), reason);
		return descriptor(migration);
	}

	/**
	 * The parked journal entries of a migration, oldest first.
	 * @param name the migration
	 * @param section must be {@value #PARKED}
	 * @param page the page, from 0
	 * @param size entries per page, 1 to {@value #MAX_PAGE_SIZE}, default 50
	 * @return the page
	 */
	@ReadOperation
	public ParkedEntriesDescriptor parked(@Selector String name, @Selector String section, @Nullable Integer page,
			@Nullable Integer size) {
		Migration migration = require(name);
		WriteJournal journal = requireJournal(section);
		int pageNumber = (page != null) ? page : 0;
		int pageSize = (size != null) ? size : 50;
		if (pageNumber < 0 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			throw new InvalidEndpointRequestException("page must be 0 or more and size between 1 and "
					+ MAX_PAGE_SIZE + "; were " + pageNumber + " and " + pageSize, "Invalid page");
		}
		List<ParkedEntryDescriptor> entries = journal.parked(migration.name(), pageNumber, pageSize)
			.stream()
			.map(ParkedEntryDescriptor::new)
			.toList();
		return new ParkedEntriesDescriptor(migration.name(), pageNumber, pageSize,
				journalStats(migration.name()).parked(), entries);
	}

	/**
	 * Retries parked journal entries now, or discards them: their writes will then never reach the
	 * other store. Recorded in the history with the principal and the reason.
	 * @param name the migration
	 * @param section must be {@value #PARKED}
	 * @param action {@code retry} or {@code discard}
	 * @param ids the entries; all parked entries of the migration when absent
	 * @param reason why; required to discard
	 * @return what changed
	 */
	@WriteOperation
	public ParkedActionDescriptor parkedAction(@Selector String name, @Selector String section, String action,
			@Nullable List<Object> ids, @Nullable String reason, SecurityContext securityContext) {
		Migration migration = require(name);
		WriteJournal journal = requireJournal(section);
		List<Long> entryIds = (ids != null) ? ids.stream().map(MigrationsEndpoint::entryId).toList() : null;
		String what = (entryIds != null) ? "entries " + entryIds : "all parked entries";
		int affected;
		if ("retry".equalsIgnoreCase(action)) {
			affected = journal.retryParked(migration.name(), entryIds, this.clock.instant());
		}
		else if ("discard".equalsIgnoreCase(action)) {
			if (reason == null || reason.isBlank()) {
				throw new InvalidEndpointRequestException("Discarding parked entries loses their writes for good: "
						+ "give a 'reason'", "Missing reason");
			}
			logDiscarded(journal, migration.name(), entryIds, principal(securityContext), reason);
			affected = journal.discardParked(migration.name(), entryIds);
		}
		else {
			throw new InvalidEndpointRequestException("Unknown action '" + action + "'; allowed values: retry, discard",
					"Invalid action");
		}
		String normalized = action.toLowerCase(Locale.ROOT);
		migration.recordAction(SOURCE, "journal-" + normalized, principal(securityContext),
				((reason != null) ? reason + "; " : "") + normalized + " of " + what + ": " + affected + " changed");
		this.journalStats().ifPresent(JournalStatsCache::refresh);
		return new ParkedActionDescriptor(migration.name(), normalized, entryIds, affected);
	}

	/** Their writes never reach the other store: the log keeps what they were, for a repair by hand. */
	private static void logDiscarded(WriteJournal journal, String migration, @Nullable List<Long> ids,
			@Nullable String principal, String reason) {
		for (int page = 0;; page++) {
			List<JournalEntry> entries = journal.parked(migration, page, MAX_PAGE_SIZE);
			for (JournalEntry entry : entries) {
				if (ids == null || ids.contains(entry.id())) {
					discardLogger.warn("Discarding parked journal entry " + entry.id() + " of migration '" + migration
							+ "' (by " + ((principal != null) ? principal : "an anonymous caller") + ": " + reason
							+ "): " + entry.method() + " to " + entry.impl().tag() + ", key " + entry.key()
							+ ", arguments " + entry.arguments() + ", last error " + entry.lastError());
				}
			}
			if (entries.size() < MAX_PAGE_SIZE) {
				return;
			}
		}
	}

	private static Long entryId(Object id) {
		if (id instanceof Number number && number.doubleValue() == number.longValue()) {
			return number.longValue();
		}
		try {
			return Long.valueOf(String.valueOf(id).trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidEndpointRequestException("'ids' must be entry ids (whole numbers); got " + id,
					"Invalid ids");
		}
	}

	private WriteJournal requireJournal(String section) {
		if (!PARKED.equals(section)) {
			throw new NoSuchMigrationException("No '" + section + "' under a migration; did you mean '" + PARKED + "'?");
		}
		return journalStats().map(JournalStatsCache::journal)
			.orElseThrow(() -> new NoSuchMigrationException("This application has no reconciliation journal"));
	}

	private Optional<JournalStatsCache> journalStats() {
		return Optional.ofNullable(this.journalStats);
	}

	private JournalStats journalStats(String migration) {
		return journalStats().map((stats) -> stats.of(migration)).orElse(JournalStats.EMPTY);
	}

	private @Nullable JournalDescriptor journal(Migration migration) {
		JournalStatsCache stats = this.journalStats;
		if (stats == null) {
			return null;
		}
		JournalStats counts = stats.of(migration.name());
		return new JournalDescriptor(stats.journal().durable(), counts.pending(), counts.parked(),
				(counts.oldestPending() != null)
						? DurationStyle.SIMPLE.print(counts.oldestPendingAge(this.clock.instant())) : null);
	}

	Migration require(String name) {
		return this.registry.find(name)
			.orElseThrow(() -> new NoSuchMigrationException("No migration named '" + name + "'; known migrations: "
					+ this.registry.all().stream().map(Migration::name).toList()));
	}

	private static @Nullable String principal(@Nullable SecurityContext securityContext) {
		Principal principal = (securityContext != null) ? securityContext.getPrincipal() : null;
		return (principal != null) ? principal.getName() : null;
	}

	private MigrationSummary summary(Migration migration, Map<String, Set<String>> methodsByMigration) {
		return new MigrationSummary(migration.declaredMode(), migration.overrideMode(), migration.effectiveMode(),
				methodsByMigration.getOrDefault(migration.name(), Set.of()), migration.counters().snapshot(),
				journal(migration));
	}

	private MigrationDescriptor descriptor(Migration migration) {
		MigrationSettings settings = migration.settings();
		return new MigrationDescriptor(migration.name(), migration.declaredMode(), migration.overrideMode(),
				migration.effectiveMode(),
				this.methods.methodsByMigration().getOrDefault(migration.name(), Set.of()),
				new SettingsDescriptor(DurationStyle.SIMPLE.print(settings.timeout()), settings.fallback(),
						settings.exceptionMessagesMatter(),
						settings.compareWriteResults(), settings.raiseOnDiscrepancy(),
						settings.comparator().getClass().getName(), settings.joinTransaction()),
				migration.counters().snapshot(), journal(migration),
				migration.recentDiscrepancies().stream().map(DiscrepancyDescriptor::new).toList(), migration.history());
	}

	/** All migrations, by name. */
	public record MigrationsDescriptor(Map<String, MigrationSummary> migrations) implements OperationResponseBody {
	}

	/** One migration in the list. */
	public record MigrationSummary(MigrationMode declaredMode, @Nullable MigrationMode overrideMode,
			MigrationMode effectiveMode, Set<String> methods, Map<String, Object> counters,
			@Nullable JournalDescriptor journal) {
	}

	/** One migration in full. */
	public record MigrationDescriptor(String name, MigrationMode declaredMode, @Nullable MigrationMode overrideMode,
			MigrationMode effectiveMode, Set<String> methods, SettingsDescriptor settings,
			Map<String, Object> counters, @Nullable JournalDescriptor journal,
			List<DiscrepancyDescriptor> recentDiscrepancies,
			List<ModeChange> history) implements OperationResponseBody {

		/** The modes a migration may be switched to. */
		public static List<String> allowedModes() {
			return Arrays.stream(MigrationMode.values()).map(Enum::name).toList();
		}

	}

	/** One recent discrepancy, its category in the lower-case form of the metric tag. */
	public record DiscrepancyDescriptor(Instant time, String method, String category, String arguments,
			String oldResult, String newResult, List<String> differences) {

		DiscrepancyDescriptor(Discrepancy discrepancy) {
			this(discrepancy.time(), discrepancy.method(), discrepancy.category().tag(), discrepancy.arguments(),
					discrepancy.oldResult(), discrepancy.newResult(), discrepancy.differences());
		}

	}

	/** The settings in effect. */
	public record SettingsDescriptor(String timeout, boolean fallback, boolean exceptionMessagesMatter,
			boolean compareWriteResults, boolean raiseOnDiscrepancy, String comparator, boolean joinTransaction) {
	}

	/**
	 * The migration's entries in the reconciliation journal.
	 *
	 * @param durable whether they survive a restart
	 * @param pending entries waiting for (or in) a replay
	 * @param parked entries out of attempts, waiting for a person
	 * @param oldestPendingAge age of the oldest pending entry, absent when none
	 */
	public record JournalDescriptor(boolean durable, long pending, long parked, @Nullable String oldestPendingAge) {
	}

	/** A page of parked entries. */
	public record ParkedEntriesDescriptor(String migration, int page, int size, long total,
			List<ParkedEntryDescriptor> entries) implements OperationResponseBody {
	}

	/** One parked entry: what would be written, where, and why it failed. */
	public record ParkedEntryDescriptor(long id, String impl, String method, @Nullable String key, String arguments,
			String cause, String lastError, int attempts, Instant createdAt, Instant updatedAt) {

		ParkedEntryDescriptor(JournalEntry entry) {
			this(entry.id(), entry.impl().tag(), entry.method(), entry.key(), entry.arguments(), entry.cause().tag(),
					entry.lastError(), entry.attempts(), entry.createdAt(), entry.updatedAt());
		}

	}

	/** What a retry or discard changed. */
	public record ParkedActionDescriptor(String migration, String action, @Nullable List<Long> ids, int affected)
			implements OperationResponseBody {
	}

	/** No migration of the requested name. */
	public static class NoSuchMigrationException extends RuntimeException {

		NoSuchMigrationException(String message) {
			super(message);
		}

	}

}
