package io.github.phasedmigration.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.engine.MigrationEngine;

/**
 * Configuration of phased migrations, under {@code migration}. Validates itself: a wrong value
 * fails start-up with a message naming the key and what is allowed.
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

	/**
	 * Whether annotated methods are intercepted. When false, they run as written (old only) and
	 * no migration bean is created.
	 */
	private boolean enabled = true;

	/** Settings of every migration that does not set its own. */
	private final Defaults defaults = new Defaults();

	/** Per-migration settings, by migration name. */
	private final Map<String, Instance> instances = new LinkedHashMap<>();

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

	public Defaults getDefaults() {
		return this.defaults;
	}

	public Map<String, Instance> getInstances() {
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
		Instance instance = this.instances.get(name);
		return (instance != null && instance.getMode() != null) ? instance.getMode() : this.defaults.getMode();
	}

	@Override
	public boolean supports(Class<?> type) {
		return MigrationProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		MigrationProperties properties = (MigrationProperties) target;
		validateTimeout(errors, "defaults.timeout", "migration.defaults.timeout", properties.defaults.getTimeout());
		properties.instances.forEach((name, instance) -> {
			if (!NAME_PATTERN.matcher(name).matches()) {
				errors.rejectValue("instances", "invalid.name", "migration name '" + name
						+ "' is not allowed: use lower-case letters, digits and single dashes, e.g. customer-source");
			}
			validateTimeout(errors, "instances[" + name + "].timeout", "migration.instances." + name + ".timeout",
					instance.getTimeout());
		});
		validateRollouts(properties, errors);
		if (properties.executor.getThreads() < 1) {
			errors.rejectValue("executor.threads", "invalid.threads", "migration.executor.threads must be at least 1");
		}
		if (properties.executor.getQueueCapacity() < 0) {
			errors.rejectValue("executor.queueCapacity", "invalid.queueCapacity", "migration.executor.queue-capacity must be 0 or more");
		}
		Discrepancies discrepancies = properties.discrepancies;
		if (discrepancies.getRingSize() < 0) {
			errors.rejectValue("discrepancies.ringSize", "invalid.ringSize", "migration.discrepancies.ring-size must be 0 or more");
		}
		if (discrepancies.getSampleRate() < 0 || discrepancies.getSampleRate() > 1) {
			errors.rejectValue("discrepancies.sampleRate", "invalid.sampleRate", "migration.discrepancies.sample-rate must be between 0.0 and 1.0");
		}
		if (discrepancies.getMaxRenderedLength() < 16) {
			errors.rejectValue("discrepancies.maxRenderedLength", "invalid.maxRenderedLength", "migration.discrepancies.max-rendered-length must be at least 16");
		}
		if (discrepancies.getLogLimit() < 0) {
			errors.rejectValue("discrepancies.logLimit", "invalid.logLimit", "migration.discrepancies.log-limit must be 0 or more");
		}
		if (discrepancies.getLogInterval().isNegative() || discrepancies.getLogInterval().isZero()) {
			errors.rejectValue("discrepancies.logInterval", "invalid.logInterval", "migration.discrepancies.log-interval must be positive");
		}
		if (properties.reactive.getMaxElements() < 1) {
			errors.rejectValue("reactive.maxElements", "invalid.maxElements",
					"migration.reactive.max-elements must be at least 1, was " + properties.reactive.getMaxElements());
		}
	}

	private static void validateRollouts(MigrationProperties properties, Errors errors) {
		try {
			MigrationRolloutSettings.criteria(properties, "");
		}
		catch (IllegalArgumentException ex) {
			errors.reject("invalid.criteria", ex.getMessage());
			return; // every migration inherits the defaults: one message is enough
		}
		properties.instances.forEach((name, instance) -> {
			try {
				MigrationRolloutSettings.rollout(properties, name);
				MigrationRolloutSettings.criteria(properties, name);
			}
			catch (IllegalArgumentException ex) {
				errors.reject("invalid.rollout", ex.getMessage());
			}
		});
	}

	private static void validateTimeout(Errors errors, String field, String key, @Nullable Duration timeout) {
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			errors.rejectValue(field, "invalid.timeout", key + " must be positive, e.g. 500ms");
		}
	}

	/** Settings one migration may set; unset ones come from the defaults. */
	public static class Instance {

		/** Mode of the migration: OLD, SHADOW, REVERSE_SHADOW or NEW. */
		private @Nullable MigrationMode mode;

		/**
		 * How long a secondary read may take, queueing included, and how long a REVERSE_SHADOW
		 * fallback waits for old.
		 */
		private @Nullable Duration timeout;

		/** Whether REVERSE_SHADOW serves old's result when new throws. */
		private @Nullable Boolean fallback;

		/** Whether two exceptions of the same type must also have the same message to match. */
		private @Nullable Boolean exceptionMessagesMatter;

		/** Whether the results of two successful writes are compared. */
		private @Nullable Boolean compareWriteResults;

		/**
		 * Whether a discrepancy is thrown to the caller as a MigrationDiscrepancyException. For
		 * tests only: it makes the caller wait for the secondary.
		 */
		private @Nullable Boolean raiseOnDiscrepancy;

		/**
		 * Comparator of results, a class implementing ResultComparator (a bean of that type when
		 * there is one). Default: deep equality.
		 */
		private @Nullable Class<? extends ResultComparator> comparator;

		/**
		 * Whether second writes run inside the caller's transaction (atomic when both sides use the
		 * same database) instead of after its commit.
		 */
		private @Nullable Boolean joinTransaction;

		/**
		 * Migration key: a SpEL expression over the parameters of every annotated method by name,
		 * e.g. #orderId or #order.customerId. Keeps second writes of one key in order. Read at
		 * start-up; @PhasedMigration(key = ...) on a method wins.
		 */
		private @Nullable String key;

		/**
		 * Share of calls that get the mode, 0 to 100 in steps of 0.01; the rest get the mode just
		 * before it. Sticky per migration key. Default 100.
		 */
		private @Nullable String percentage;

		/** Salt of the canary's buckets. Default: the migration's name. */
		private @Nullable String salt;

		/** Migration keys that always get the mode (internal users first). */
		private List<String> allowList = new ArrayList<>();

		/** Share of SHADOW reads whose secondary runs, 0 to 1. Default 1. */
		private @Nullable String sampleRate;

		/** Success criteria of this migration; unset ones come from the defaults. */
		private final Criteria criteria = new Criteria();

		/** Automatic rollback of this migration; unset ones come from the defaults. */
		private final AutoRollback autoRollback = new AutoRollback();

		public @Nullable String getPercentage() {
			return this.percentage;
		}

		public void setPercentage(@Nullable String percentage) {
			this.percentage = percentage;
		}

		public @Nullable String getSalt() {
			return this.salt;
		}

		public void setSalt(@Nullable String salt) {
			this.salt = salt;
		}

		public List<String> getAllowList() {
			return this.allowList;
		}

		public void setAllowList(List<String> allowList) {
			this.allowList = allowList;
		}

		public @Nullable String getSampleRate() {
			return this.sampleRate;
		}

		public void setSampleRate(@Nullable String sampleRate) {
			this.sampleRate = sampleRate;
		}

		public Criteria getCriteria() {
			return this.criteria;
		}

		public AutoRollback getAutoRollback() {
			return this.autoRollback;
		}

		public @Nullable Boolean getJoinTransaction() {
			return this.joinTransaction;
		}

		public void setJoinTransaction(@Nullable Boolean joinTransaction) {
			this.joinTransaction = joinTransaction;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable MigrationMode getMode() {
			return this.mode;
		}

		public void setMode(@Nullable MigrationMode mode) {
			this.mode = mode;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable Boolean getFallback() {
			return this.fallback;
		}

		public void setFallback(@Nullable Boolean fallback) {
			this.fallback = fallback;
		}

		public @Nullable Boolean getExceptionMessagesMatter() {
			return this.exceptionMessagesMatter;
		}

		public void setExceptionMessagesMatter(@Nullable Boolean exceptionMessagesMatter) {
			this.exceptionMessagesMatter = exceptionMessagesMatter;
		}

		public @Nullable Boolean getCompareWriteResults() {
			return this.compareWriteResults;
		}

		public void setCompareWriteResults(@Nullable Boolean compareWriteResults) {
			this.compareWriteResults = compareWriteResults;
		}

		public @Nullable Boolean getRaiseOnDiscrepancy() {
			return this.raiseOnDiscrepancy;
		}

		public void setRaiseOnDiscrepancy(@Nullable Boolean raiseOnDiscrepancy) {
			this.raiseOnDiscrepancy = raiseOnDiscrepancy;
		}

		public @Nullable Class<? extends ResultComparator> getComparator() {
			return this.comparator;
		}

		public void setComparator(@Nullable Class<? extends ResultComparator> comparator) {
			this.comparator = comparator;
		}

	}

	/** Settings of every migration that does not set its own. */
	public static class Defaults {

		/** Mode of migrations that set none. */
		private MigrationMode mode = MigrationMode.OLD;

		/**
		 * How long a secondary read may take, queueing included, and how long a REVERSE_SHADOW
		 * fallback waits for old.
		 */
		private Duration timeout = Duration.ofSeconds(1);

		/** Whether REVERSE_SHADOW serves old's result when new throws. */
		private boolean fallback = true;

		/** Whether two exceptions of the same type must also have the same message to match. */
		private boolean exceptionMessagesMatter = false;

		/** Whether the results of two successful writes are compared. */
		private boolean compareWriteResults = false;

		/**
		 * Whether a discrepancy is thrown to the caller as a MigrationDiscrepancyException. For
		 * tests only: it makes the caller wait for the secondary.
		 */
		private boolean raiseOnDiscrepancy = false;

		/**
		 * Comparator of results, a class implementing ResultComparator (a bean of that type when
		 * there is one). Default: the bean named migrationResultComparator, deep equality.
		 */
		private @Nullable Class<? extends ResultComparator> comparator;

		/**
		 * Whether second writes run inside the caller's transaction (atomic when both sides use the
		 * same database) instead of after its commit.
		 */
		private boolean joinTransaction = false;

		/** Success criteria of every migration that does not set its own. */
		private final Criteria criteria = new Criteria();

		/** Automatic rollback of every migration that does not set its own. */
		private final AutoRollback autoRollback = new AutoRollback();

		public Criteria getCriteria() {
			return this.criteria;
		}

		public AutoRollback getAutoRollback() {
			return this.autoRollback;
		}

		public boolean isJoinTransaction() {
			return this.joinTransaction;
		}

		public void setJoinTransaction(boolean joinTransaction) {
			this.joinTransaction = joinTransaction;
		}

		public MigrationMode getMode() {
			return this.mode;
		}

		public void setMode(MigrationMode mode) {
			this.mode = mode;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public boolean isFallback() {
			return this.fallback;
		}

		public void setFallback(boolean fallback) {
			this.fallback = fallback;
		}

		public boolean isExceptionMessagesMatter() {
			return this.exceptionMessagesMatter;
		}

		public void setExceptionMessagesMatter(boolean exceptionMessagesMatter) {
			this.exceptionMessagesMatter = exceptionMessagesMatter;
		}

		public boolean isCompareWriteResults() {
			return this.compareWriteResults;
		}

		public void setCompareWriteResults(boolean compareWriteResults) {
			this.compareWriteResults = compareWriteResults;
		}

		public boolean isRaiseOnDiscrepancy() {
			return this.raiseOnDiscrepancy;
		}

		public void setRaiseOnDiscrepancy(boolean raiseOnDiscrepancy) {
			this.raiseOnDiscrepancy = raiseOnDiscrepancy;
		}

		public @Nullable Class<? extends ResultComparator> getComparator() {
			return this.comparator;
		}

		public void setComparator(@Nullable Class<? extends ResultComparator> comparator) {
			this.comparator = comparator;
		}

	}

	/**
	 * Success criteria, judged over a sliding window of fixed buckets. Unset values come from the
	 * defaults: 1m buckets, 10 of them, 500 calls per side, 1% discrepancies before REVERSE_SHADOW,
	 * 0.1% before NEW, new's error rate at most max(2x old's, old's + 0.01), no absolute cap, p99 of
	 * new at most 1.25x old's or 1ms above it.
	 */
	public static class Criteria {

		/** Length of one bucket of the window, at least 1s. Default 1m. */
		private @Nullable Duration bucket;

		/** How many closed buckets the window spans. Default 10. */
		private @Nullable Integer buckets;

		/** The fewest calls of each implementation a window needs to be judged. Default 500. */
		private @Nullable Long minCalls;

		/** Highest share of comparisons that may differ for REVERSE_SHADOW, 0 to 1. Default 0.01. */
		private @Nullable Double maxDiscrepancyRateBeforeReverseShadow;

		/** Highest share of comparisons that may differ for NEW, 0 to 1. Default 0.001. */
		private @Nullable Double maxDiscrepancyRateBeforeNew;

		/** New's error rate may be this many times old's (or old's plus the margin). Default 2. */
		private @Nullable Double errorRateFactor;

		/** New's error rate may be old's plus this margin (or the factor times old's). Default 0.01. */
		private @Nullable Double errorRateMargin;

		/** Absolute cap on new's error rate, 0 to 1. Default none. */
		private @Nullable Double maxErrorRate;

		/** Latency percentile compared, above 0 and below 1. Default 0.99. */
		private @Nullable Double latencyPercentile;

		/** Highest ratio of new's latency percentile to old's. Default 1.25. */
		private @Nullable Double maxLatencyRatio;

		/** New's latency percentile always passes when at most this much above old's. Default 1ms. */
		private @Nullable Duration latencyMargin;

		public @Nullable Duration getLatencyMargin() {
			return this.latencyMargin;
		}

		public void setLatencyMargin(@Nullable Duration latencyMargin) {
			this.latencyMargin = latencyMargin;
		}

		public @Nullable Duration getBucket() {
			return this.bucket;
		}

		public void setBucket(@Nullable Duration bucket) {
			this.bucket = bucket;
		}

		public @Nullable Integer getBuckets() {
			return this.buckets;
		}

		public void setBuckets(@Nullable Integer buckets) {
			this.buckets = buckets;
		}

		public @Nullable Long getMinCalls() {
			return this.minCalls;
		}

		public void setMinCalls(@Nullable Long minCalls) {
			this.minCalls = minCalls;
		}

		public @Nullable Double getMaxDiscrepancyRateBeforeReverseShadow() {
			return this.maxDiscrepancyRateBeforeReverseShadow;
		}

		public void setMaxDiscrepancyRateBeforeReverseShadow(@Nullable Double value) {
			this.maxDiscrepancyRateBeforeReverseShadow = value;
		}

		public @Nullable Double getMaxDiscrepancyRateBeforeNew() {
			return this.maxDiscrepancyRateBeforeNew;
		}

		public void setMaxDiscrepancyRateBeforeNew(@Nullable Double value) {
			this.maxDiscrepancyRateBeforeNew = value;
		}

		public @Nullable Double getErrorRateFactor() {
			return this.errorRateFactor;
		}

		public void setErrorRateFactor(@Nullable Double errorRateFactor) {
			this.errorRateFactor = errorRateFactor;
		}

		public @Nullable Double getErrorRateMargin() {
			return this.errorRateMargin;
		}

		public void setErrorRateMargin(@Nullable Double errorRateMargin) {
			this.errorRateMargin = errorRateMargin;
		}

		public @Nullable Double getMaxErrorRate() {
			return this.maxErrorRate;
		}

		public void setMaxErrorRate(@Nullable Double maxErrorRate) {
			this.maxErrorRate = maxErrorRate;
		}

		public @Nullable Double getLatencyPercentile() {
			return this.latencyPercentile;
		}

		public void setLatencyPercentile(@Nullable Double latencyPercentile) {
			this.latencyPercentile = latencyPercentile;
		}

		public @Nullable Double getMaxLatencyRatio() {
			return this.maxLatencyRatio;
		}

		public void setMaxLatencyRatio(@Nullable Double maxLatencyRatio) {
			this.maxLatencyRatio = maxLatencyRatio;
		}

	}

	/** Automatic rollback: after failing windows in a row, the migration steps back one mode. */
	public static class AutoRollback {

		/** Whether the migration steps back one mode by itself. Default false. */
		private @Nullable Boolean enabled;

		/** How many failing windows in a row roll it back. Default 3. */
		private @Nullable Integer afterFailingWindows;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Integer getAfterFailingWindows() {
			return this.afterFailingWindows;
		}

		public void setAfterFailingWindows(@Nullable Integer afterFailingWindows) {
			this.afterFailingWindows = afterFailingWindows;
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

	}

}
