package io.github.phasedmigration.core.registry;

import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.discrepancy.DiscrepancyRing;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.discrepancy.RateLimitedLog;
import io.github.phasedmigration.core.rollout.Rollout;

/** All migrations of the application, by name. */
public final class MigrationRegistry {

	/** The logger of the engine and the registry: failed listeners, histories and comparisons. */
	public static final String LOGGER_NAME = "io.github.phasedmigration";

	private final ConcurrentMap<String, Migration> migrations = new ConcurrentHashMap<>();

	private final DiscrepancySettings discrepancySettings;

	private final MigrationListener listener;

	private final Clock clock;

	private final MigrationHistory history;

	/** A registry whose history is kept in memory. */
	public MigrationRegistry(DiscrepancySettings discrepancySettings, MigrationListener listener, Clock clock) {
		this(discrepancySettings, listener, clock, new InMemoryMigrationHistory());
	}

	/**
	 * A registry.
	 * @param history where the changes of its migrations are kept
	 */
	public MigrationRegistry(DiscrepancySettings discrepancySettings, MigrationListener listener, Clock clock,
			MigrationHistory history) {
		this.discrepancySettings = discrepancySettings;
		this.history = history;
		// a composite already guards each of its listeners
		this.listener = (listener instanceof CompositeMigrationListener) ? listener : new SafeListener(listener);
		this.clock = clock;
	}

	/**
	 * Registers a migration, or returns the one already registered under that name.
	 * @param name the name
	 * @param declaredMode its mode from configuration
	 * @param settings its settings
	 * @return the migration
	 */
	public Migration register(String name, MigrationMode declaredMode, MigrationSettings settings) {
		return register(name, Rollout.full(declaredMode, name), settings);
	}

	/**
	 * Registers a migration, or returns the one already registered under that name.
	 * @param name the name
	 * @param declared its rollout from configuration
	 * @param settings its settings
	 * @return the migration
	 */
	public Migration register(String name, Rollout declared, MigrationSettings settings) {
		Migration existing = this.migrations.get(name);
		if (existing != null) {
			return existing;
		}
		Migration[] holder = new Migration[1];
		Migration migration = this.migrations.computeIfAbsent(name, (key) -> {
			DiscrepancyRing ring = new DiscrepancyRing(this.discrepancySettings.ringSize());
			RateLimitedLog log = new RateLimitedLog(this.discrepancySettings.logLimit(),
					this.discrepancySettings.logInterval(), System::nanoTime);
			holder[0] = new Migration(key, declared, settings, ring, log, this.clock, this.history,
					(change) -> this.listener.onModeChange(this.migrations.get(key), change));
			return holder[0];
		});
		if (holder[0] == migration) {
			this.listener.onRegistered(migration);
		}
		return migration;
	}

	/** The migration of that name, if registered. */
	public Optional<Migration> find(String name) {
		return Optional.ofNullable(this.migrations.get(name));
	}

	/** All migrations, sorted by name. */
	public List<Migration> all() {
		Collection<Migration> values = this.migrations.values();
		return values.stream().sorted(Comparator.comparing(Migration::name)).toList();
	}

	/** The settings of the discrepancy rings and logs. */
	public DiscrepancySettings discrepancySettings() {
		return this.discrepancySettings;
	}

	/** Where the changes of the migrations are kept. */
	public MigrationHistory history() {
		return this.history;
	}

	/** The clock of the migrations' changes and windows. */
	public Clock clock() {
		return this.clock;
	}

	/** The listener of all migrations, guarded: it never throws. */
	public MigrationListener listener() {
		return this.listener;
	}

}
