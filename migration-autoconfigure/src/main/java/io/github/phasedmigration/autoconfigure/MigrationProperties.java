package io.github.phasedmigration.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.github.phasedmigration.core.InvalidSettingException;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.execution.ExecutorSettings;

/**
 * Configuration of phased migrations, under {@code migration}: the settings of each migration
 * ({@code defaults} and {@code instances}, one {@link MigrationSettingsProperties} type for both)
 * and what all migrations share (executor, discrepancies, reactive). The journal, its reconciler
 * and metrics have properties of their own. Validates itself by building the core's settings
 * records from the bound values: a value one rejects fails start-up with a message naming the key,
 * the value and what is allowed.
 *
 * <pre class="code">
 * migration:
 *   defaults:
 *     timeout: 500ms
 *   instances:
 *     customer-source:
 *       mode: shadow
 * </pre>
 */
@ConfigurationProperties("migration")
public class MigrationProperties implements Validator {

	/** Allowed migration names: lower-case letters and digits, words joined by single dashes. */
	public static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	/** What a value that the defaults do not have either (someone set it to null) falls back to. */
	private static final MigrationSettingsProperties BUILT_IN = MigrationSettingsProperties.withDefaults();

	/** Stands for the comparator while the other values are checked; it is resolved at registration. */
	private static final ResultComparator ANY_COMPARATOR = (oldResult, newResult) -> List.of();

	/**
	 * Whether annotated methods are intercepted. When false, they run as written (old only) and
	 * no migration bean is created.
	 */
	private boolean enabled = true;

	/** Settings of every migration that does not set its own. */
	@NestedConfigurationProperty
	private final MigrationSettingsProperties defaults = MigrationSettingsProperties.withDefaults();

	/** Per-migration settings, by migration name. */
	private final Map<String, MigrationInstanceProperties> instances = new LinkedHashMap<>();

	/** The pool that runs secondary reads and comparisons, shared by all migrations. */
	private final Executor executor = new Executor();

	/** How discrepancies are kept and logged. */
	private final Discrepancies discrepancies = new Discrepancies();

	/** Migrated methods that return a Reactor Mono or Flux. */
	private final Reactive reactive = new Reactive();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public MigrationSettingsProperties getDefaults() {
		return this.defaults;
	}

	public Map<String, MigrationInstanceProperties> getInstances() {
		return this.instances;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public Discrepancies getDiscrepancies() {
		return this.discrepancies;
	}

	public Reactive getReactive() {
		return this.reactive;
	}

	/** The declared mode of a migration: its own, or the default. */
	public MigrationMode modeOf(String name) {
		return Objects.requireNonNull(valueOf(name, MigrationSettingsProperties::getMode));
	}

	/**
	 * A value of a migration: its own, else the default's.
	 * @return the value, {@code null} only where there is no built-in default either
	 */
	public <T> @Nullable T valueOf(String name, Function<MigrationSettingsProperties, @Nullable T> value) {
		MigrationInstanceProperties own = this.instances.get(name);
		T found = (own != null) ? value.apply(own) : null;
		if (found == null) {
			found = value.apply(this.defaults);
		}
		return (found != null) ? found : value.apply(BUILT_IN);
	}

	/**
	 * Builds settings of a migration; a value that the core rejects is named by its key: the
	 * migration's own where it sets the value, the default's otherwise.
	 * @throws InvalidSettingException naming the key, e.g. {@code migration.instances.pricing.timeout}
	 */
	<T> T named(String name, Supplier<T> settings) {
		try {
			return settings.get();
		}
		catch (InvalidSettingException ex) {
			throw ex.prefixed(keyPrefix(name, ex.setting()));
		}
	}

	/**
	 * Where a migration's setting is configured: {@code migration.instances.<name>.} when it sets
	 * it, else {@code migration.defaults.}.
	 */
	String keyPrefix(String name, String setting) {
		return isOwn(name, setting) ? instanceKey(name) : "migration.defaults.";
	}

	/** Whether a setting of a migration (e.g. {@code criteria.min-calls}) is its own value, not a default. */
	private boolean isOwn(String name, String setting) {
		MigrationInstanceProperties own = this.instances.get(name);
		String path = SettingErrors.propertyPath(setting);
		return own != null && (!PropertyAccessorFactory.forBeanPropertyAccess(this.defaults).isReadableProperty(path)
				|| PropertyAccessorFactory.forBeanPropertyAccess(own).getPropertyValue(path) != null);
	}

	private static String instanceKey(String name) {
		return "migration.instances." + name + ".";
	}

	@Override
	public boolean supports(Class<?> type) {
		return MigrationProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		MigrationProperties properties = (MigrationProperties) target;
		// the defaults, as a migration without settings of its own ("", no name) gets them
		properties.check(errors, "", () -> MigrationSettingsFactory.settings(properties, "", ANY_COMPARATOR));
		properties.check(errors, "", () -> MigrationRolloutSettings.criteriaOf(properties, ""));
		properties.instances.keySet().forEach((name) -> {
			if (!NAME_PATTERN.matcher(name).matches()) {
				errors.rejectValue("instances", "invalid.name", "migration name '" + name
						+ "' is not allowed: use lower-case letters, digits and single dashes, e.g. customer-source");
			}
			properties.check(errors, name, () -> MigrationSettingsFactory.settings(properties, name, ANY_COMPARATOR));
			properties.check(errors, name, () -> MigrationRolloutSettings.rolloutOf(properties, name));
			properties.check(errors, name, () -> MigrationRolloutSettings.criteriaOf(properties, name));
		});
		SettingErrors.check(errors, "executor.", "migration.executor.", properties.executor::toSettings);
		SettingErrors.check(errors, "discrepancies.", "migration.discrepancies.", properties.discrepancies::toSettings);
		SettingErrors.check(errors, "reactive.", "migration.reactive.", properties.reactive::checkedMaxElements);
	}

	/**
	 * Reports a value that the core rejects on the migration that sets it; a default's problem is
	 * reported once, on the defaults.
	 */
	private void check(Errors errors, String name, Supplier<?> settings) {
		try {
			settings.get();
		}
		catch (InvalidSettingException ex) {
			if (isOwn(name, ex.setting())) {
				SettingErrors.reject(errors, "instances[" + name + "].", instanceKey(name), ex);
			}
			else if (name.isEmpty()) {
				SettingErrors.reject(errors, "defaults.", "migration.defaults.", ex);
			}
		}
	}

	/** The pool that runs secondary reads and comparisons. */
	public static class Executor {

		/** How many secondaries run at once, across all migrations. */
		private int threads = 4;

		/** How many secondaries may wait for a thread; beyond that they are rejected and counted. */
		private int queueCapacity = 200;

		/** Prefix of the pool's thread names. */
		private String threadNamePrefix = "migration-secondary-";

		/** How long shutdown waits for running secondaries before interrupting them. */
		private Duration shutdownTimeout = Duration.ofSeconds(5);

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		/** The pool's settings. */
		public ExecutorSettings toSettings() {
			return new ExecutorSettings(this.threads, this.queueCapacity, this.threadNamePrefix, this.shutdownTimeout);
		}

	}

	/** How discrepancies are kept and logged. */
	public static class Discrepancies {

		/** How many recent discrepancies each migration keeps for the endpoint. */
		private int ringSize = 50;

		/** Share of discrepancies kept as samples, from 0.0 to 1.0; all are counted either way. */
		private double sampleRate = 1.0;

		/** Longest rendering of the arguments or of one result, in characters; longer ones are cut. */
		private int maxRenderedLength = 2000;

		/** Most discrepancy log lines per migration within one log interval; the rest are counted. */
		private int logLimit = 10;

		/** Window of the log limit. */
		private Duration logInterval = Duration.ofMinutes(1);

		public int getRingSize() {
			return this.ringSize;
		}

		public void setRingSize(int ringSize) {
			this.ringSize = ringSize;
		}

		public double getSampleRate() {
			return this.sampleRate;
		}

		public void setSampleRate(double sampleRate) {
			this.sampleRate = sampleRate;
		}

		public int getMaxRenderedLength() {
			return this.maxRenderedLength;
		}

		public void setMaxRenderedLength(int maxRenderedLength) {
			this.maxRenderedLength = maxRenderedLength;
		}

		public int getLogLimit() {
			return this.logLimit;
		}

		public void setLogLimit(int logLimit) {
			this.logLimit = logLimit;
		}

		public Duration getLogInterval() {
			return this.logInterval;
		}

		public void setLogInterval(Duration logInterval) {
			this.logInterval = logInterval;
		}

		/** The registry's discrepancy settings. */
		public DiscrepancySettings toSettings() {
			return new DiscrepancySettings(this.ringSize, this.sampleRate, this.maxRenderedLength, this.logLimit,
					this.logInterval);
		}

	}

	/** Migrated methods that return a Reactor Mono or Flux. */
	public static class Reactive {

		/**
		 * How many elements of a Flux are collected on each side for a comparison; the caller always
		 * receives all of them. One more is kept, so that a longer list never compares equal to a
		 * cut one.
		 */
		private int maxElements = MigrationEngine.DEFAULT_MAX_COLLECTED_ELEMENTS;

		public int getMaxElements() {
			return this.maxElements;
		}

		public void setMaxElements(int maxElements) {
			this.maxElements = maxElements;
		}

		/**
		 * The limit, checked here since no settings record holds it: the engine that takes it checks
		 * it again, but only once it is created.
		 */
		int checkedMaxElements() {
			InvalidSettingException.require(this.maxElements >= 1, "max-elements", this.maxElements, "at least 1");
			return this.maxElements;
		}

	}

}
