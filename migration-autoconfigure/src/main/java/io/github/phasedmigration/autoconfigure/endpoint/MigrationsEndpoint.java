package io.github.phasedmigration.autoconfigure.endpoint;

import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

/**
 * {@link Endpoint @Endpoint} {@code migrations}: every migration with its modes and counters; one
 * migration with its recent discrepancies and history; switching a mode (a runtime override that
 * wins until it is reset) and resetting it. Changes go to the registry, never to the properties.
 * Set {@code management.endpoint.migrations.access=read-only} to forbid switching.
 */
@Endpoint(id = "migrations")
public class MigrationsEndpoint {

	/** The value of the history's {@code source} for changes made here. */
	public static final String SOURCE = "actuator";

	private final MigrationRegistry registry;

	private final MigrationMethods methods;

	public MigrationsEndpoint(MigrationRegistry registry, MigrationMethods methods) {
		this.registry = registry;
		this.methods = methods;
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
				methodsByMigration.getOrDefault(migration.name(), Set.of()), migration.counters().snapshot());
	}

	private MigrationDescriptor descriptor(Migration migration) {
		MigrationSettings settings = migration.settings();
		return new MigrationDescriptor(migration.name(), migration.declaredMode(), migration.overrideMode(),
				migration.effectiveMode(),
				this.methods.methodsByMigration().getOrDefault(migration.name(), Set.of()),
				new SettingsDescriptor(DurationStyle.SIMPLE.print(settings.timeout()), settings.fallback(),
						settings.exceptionMessagesMatter(),
						settings.compareWriteResults(), settings.raiseOnDiscrepancy(),
						settings.comparator().getClass().getName()),
				migration.counters().snapshot(),
				migration.recentDiscrepancies().stream().map(DiscrepancyDescriptor::new).toList(), migration.history());
	}

	/** All migrations, by name. */
	public record MigrationsDescriptor(Map<String, MigrationSummary> migrations) implements OperationResponseBody {
	}

	/** One migration in the list. */
	public record MigrationSummary(MigrationMode declaredMode, @Nullable MigrationMode overrideMode,
			MigrationMode effectiveMode, Set<String> methods, Map<String, Object> counters) {
	}

	/** One migration in full. */
	public record MigrationDescriptor(String name, MigrationMode declaredMode, @Nullable MigrationMode overrideMode,
			MigrationMode effectiveMode, Set<String> methods, SettingsDescriptor settings,
			Map<String, Object> counters, List<DiscrepancyDescriptor> recentDiscrepancies,
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
			boolean compareWriteResults, boolean raiseOnDiscrepancy, String comparator) {
	}

	/** No migration of the requested name. */
	public static class NoSuchMigrationException extends RuntimeException {

		NoSuchMigrationException(String message) {
			super(message);
		}

	}

}
