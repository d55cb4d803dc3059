package io.github.phasedmigration.autoconfigure.endpoint;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.criteria.CriterionResult;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.registry.ModeChange;
import io.github.phasedmigration.core.rollout.Rollout;
import io.github.phasedmigration.core.switching.ModeSwitch;
import io.github.phasedmigration.core.switching.NotReadyException;

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

	private final MigrationRegistry registry;

	private final MigrationMethods methods;

	private final @Nullable JournalStatsCache journalStats;

	private final Map<String, MigrationSection> sections;

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
		this(registry, methods, journalStats,
				(journalStats != null) ? List.of(new ParkedEntriesSection(journalStats)) : List.of());
	}

	/**
	 * An endpoint with sections under each migration.
	 * @param journalStats the journal's counts, with the journal itself; {@code null} for none
	 * @param sections the sections, each under its own path segment
	 */
	public MigrationsEndpoint(MigrationRegistry registry, MigrationMethods methods,
			@Nullable JournalStatsCache journalStats, List<MigrationSection> sections) {
		this.registry = registry;
		this.methods = methods;
		this.journalStats = journalStats;
		Map<String, MigrationSection> bySegment = new LinkedHashMap<>();
		for (MigrationSection section : sections) {
			if (bySegment.putIfAbsent(section.segment(), section) != null) {
				throw new IllegalStateException("Two migration sections under '" + section.segment() + "': "
						+ bySegment.get(section.segment()) + " and " + section);
			}
		}
		// in the order given: the parked entries first, as in the descriptors and messages
		this.sections = Collections.unmodifiableMap(bySegment);
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
	 * Overrides the rollout of a migration until it is reset. A step forward to a later mode whose
	 * success criteria the window does not meet is refused with the unmet criteria, unless forced.
	 * @param name the migration
	 * @param mode the mode, e.g. {@code SHADOW} (case and dashes do not matter); the current one
	 * when absent
	 * @param percentage share of calls in the mode, 0 to 100 with two decimals; 100 when a mode is
	 * given without it, the current one otherwise
	 * @param allowList keys that always get the mode; the current ones when absent
	 * @param sampleRate share of SHADOW reads whose secondary runs, 0 to 1; the current one when absent
	 * @param force whether to step forward past unmet success criteria (recorded as forced)
	 * @param reason why, kept in the history
	 * @return the migration after the change
	 * @throws NoSuchMigrationException for an unknown name
	 * @throws InvalidEndpointRequestException for a value that is not allowed, naming it
	 * @throws NotReadyException for a step forward that is not ready, without force
	 */
	@WriteOperation
	public MigrationDescriptor switchMode(@Selector String name, @Nullable String mode, @Nullable String percentage,
			@Nullable List<String> allowList, @Nullable String sampleRate, @Nullable Boolean force,
			@Nullable String reason, SecurityContext securityContext) {
		Migration migration = require(name);
		Rollout current = migration.rollout();
		Rollout target = SwitchRequest.target(current, mode, percentage, allowList, sampleRate);
		ModeSwitch.apply(migration, current, target, Boolean.TRUE.equals(force), SOURCE, principal(securityContext),
				SwitchRequest.reason(reason));
		return descriptor(migration);
	}

	/** Overrides the mode of a migration, for all calls, until it is reset. */
	public MigrationDescriptor switchMode(String name, String mode, @Nullable String reason,
			SecurityContext securityContext) {
		return switchMode(name, mode, null, null, null, null, reason, securityContext);
	}

	/**
	 * Drops the runtime override: the declared rollout applies again. When the declared mode comes
	 * after the effective one (after an automatic rollback, say), that is a step forward, refused
	 * with the unmet criteria unless forced.
	 * @param name the migration
	 * @param reason why, kept in the history
	 * @param force whether to step forward past unmet success criteria
	 * @return the migration after the change
	 * @throws NoSuchMigrationException for an unknown name
	 * @throws NotReadyException for a step forward that is not ready, without force
	 */
	@DeleteOperation
	public MigrationDescriptor resetOverride(@Selector String name, @Nullable String reason, @Nullable Boolean force,
			SecurityContext securityContext) {
		Migration migration = require(name);
		ModeSwitch.reset(migration, Boolean.TRUE.equals(force), SOURCE, principal(securityContext),
				SwitchRequest.reason(reason));
		return descriptor(migration);
	}

	/** Drops the runtime override, unforced. */
	public MigrationDescriptor resetOverride(String name, @Nullable String reason, SecurityContext securityContext) {
		return resetOverride(name, reason, null, securityContext);
	}

	/**
	 * A section of a migration: {@code parked} (the journal's parked entries), {@code backfill},
	 * {@code verify}, when the application has them.
	 * @param name the migration
	 * @param section the section
	 * @param page the page, from 0, where the section pages
	 * @param size entries per page, where the section pages
	 * @return what the section shows
	 */
	@ReadOperation
	public Object section(@Selector String name, @Selector String section, @Nullable Integer page,
			@Nullable Integer size) {
		Migration migration = require(name);
		return requireSection(section).read(migration, page, size);
	}

	/**
	 * An action on a section of a migration: retry or discard parked entries, start, pause or resume
	 * the backfill, start a verify. Recorded in the history with the principal.
	 * @param name the migration
	 * @param section the section
	 * @param action what to do
	 * @param ids parked: the entries; all when absent
	 * @param reason why; required to discard parked entries
	 * @param fromBeginning backfill start: copy from the first record again
	 * @param repair verify start: repair what differs
	 * @param deleteExtra verify start with repair: delete records only in the side that is not authoritative
	 * @return what changed
	 */
	@WriteOperation
	public Object sectionAction(@Selector String name, @Selector String section, String action,
			@Nullable List<Object> ids, @Nullable String reason, @Nullable Boolean fromBeginning,
			@Nullable Boolean repair, @Nullable Boolean deleteExtra, SecurityContext securityContext) {
		Migration migration = require(name);
		MigrationSection target = requireSection(section);
		if (action == null || action.isBlank()) {
			throw new InvalidEndpointRequestException(
					"Missing 'action' in the request body; allowed values: " + String.join(", ", target.actions()),
					"Missing action");
		}
		return target.act(migration, new SectionRequest(action, ids, reason, fromBeginning, repair, deleteExtra),
				principal(securityContext));
	}

	private MigrationSection requireSection(String segment) {
		MigrationSection section = this.sections.get(segment);
		if (section == null) {
			throw new NoSuchMigrationException("No '" + segment + "' under a migration in this application; sections: "
					+ this.sections.keySet());
		}
		return section;
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
				migration.rollout().percentage(), methodsByMigration.getOrDefault(migration.name(), Set.of()), migration.counters().snapshot(),
				journal(migration));
	}

	private Map<String, Object> summaries(Migration migration) {
		Map<String, Object> summaries = new LinkedHashMap<>();
		this.sections.forEach((segment, section) -> {
			Object summary = section.summary(migration);
			if (summary != null) {
				summaries.put(segment, summary);
			}
		});
		return summaries;
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
				new RolloutDescriptor(migration.rollout()), CriteriaDescriptor.of(migration),
				new ReadinessDescriptor(migration.readiness(migration.effectiveMode().next())),
				migration.counters().snapshot(), journal(migration), summaries(migration),
				migration.recentDiscrepancies().stream().map(DiscrepancyDescriptor::new).toList(), migration.history());
	}

	/** All migrations, by name. */
	public record MigrationsDescriptor(Map<String, MigrationSummary> migrations) implements OperationResponseBody {
	}

	/** One migration in the list. */
	public record MigrationSummary(MigrationMode declaredMode, @Nullable MigrationMode overrideMode,
			MigrationMode effectiveMode, double percentage, Set<String> methods, Map<String, Object> counters,
			@Nullable JournalDescriptor journal) {
	}

	/** One migration in full. */
	public record MigrationDescriptor(String name, MigrationMode declaredMode, @Nullable MigrationMode overrideMode,
			MigrationMode effectiveMode, Set<String> methods, SettingsDescriptor settings, RolloutDescriptor rollout,
			CriteriaDescriptor criteria, ReadinessDescriptor readiness, Map<String, Object> counters, @Nullable JournalDescriptor journal, Map<String, Object> sections,
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

	/**
	 * The rollout in effect.
	 *
	 * @param percentage share of calls in the mode, 0 to 100; the rest get the mode before
	 * @param salt the salt of the canary's buckets
	 * @param allowList keys that always get the mode
	 * @param sampleRate share of SHADOW reads whose secondary runs, 0 to 1
	 */
	public record RolloutDescriptor(double percentage, String salt, Set<String> allowList, double sampleRate) {

		RolloutDescriptor(Rollout rollout) {
			this(rollout.percentage(), rollout.salt(), new TreeSet<>(rollout.allowList()), rollout.sampleRate());
		}

	}

	/** The success criteria, the automatic rollback, and how many judged windows in a row failed. */
	public record CriteriaDescriptor(String bucket, int buckets, long minCalls,
			double maxDiscrepancyRateBeforeReverseShadow, double maxDiscrepancyRateBeforeNew, double errorRateFactor,
			double errorRateMargin, @Nullable Double maxErrorRate, double latencyPercentile, double maxLatencyRatio,
			String latencyMargin, boolean autoRollback, int rollbackAfterFailingWindows, int failingWindows) {

		static CriteriaDescriptor of(Migration migration) {
			CriteriaSettings c = migration.criteria();
			return new CriteriaDescriptor(print(c.bucket()), c.buckets(), c.minCalls(),
					c.maxDiscrepancyRateBeforeReverseShadow(), c.maxDiscrepancyRateBeforeNew(), c.errorRateFactor(),
					c.errorRateMargin(), c.maxErrorRate(), c.latencyPercentile(), c.maxLatencyRatio(),
					print(c.latencyMargin()), c.autoRollback(), c.rollbackAfter(), migration.window().failingWindows());
		}

		/** In the largest whole unit: 1m, 10s, 250ms. */
		private static String print(Duration duration) {
			boolean wholeSeconds = duration.toNanosPart() == 0;
			boolean wholeMinutes = wholeSeconds && !duration.isZero() && duration.toSecondsPart() == 0;
			ChronoUnit unit = wholeMinutes ? ChronoUnit.MINUTES : wholeSeconds ? ChronoUnit.SECONDS : ChronoUnit.MILLIS;
			return DurationStyle.SIMPLE.print(duration, unit);
		}

	}

	/**
	 * Readiness to advance to a mode: the window's verdict and every criterion.
	 *
	 * @param target the mode judged for
	 * @param ready whether every criterion passed
	 * @param verdict pass, fail or inconclusive
	 * @param window the closed buckets judged
	 * @param criteria every criterion with its measured value, threshold and verdict
	 */
	public record ReadinessDescriptor(MigrationMode target, boolean ready, String verdict, WindowDescriptor window,
			List<CriterionDescriptor> criteria) {

		public ReadinessDescriptor(Readiness readiness) {
			this(readiness.target(), readiness.ready(), readiness.verdict().tag(),
					new WindowDescriptor(readiness.window().buckets(), readiness.window().from(),
							readiness.window().to()),
					readiness.criteria().stream().map(CriterionDescriptor::new).toList());
		}

	}

	/** The closed buckets a verdict covers; none while the first bucket runs. */
	public record WindowDescriptor(int buckets, @Nullable Instant from, @Nullable Instant to) {
	}

	/** One criterion: measured value, threshold, verdict and the measurement in words. */
	public record CriterionDescriptor(String name, @Nullable Double measured, double threshold, String verdict,
			String detail) {

		CriterionDescriptor(CriterionResult result) {
			this(result.name(), result.measured(), result.threshold(), result.verdict().tag(), result.detail());
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

		public NoSuchMigrationException(String message) {
			super(message);
		}

	}

}
