package io.github.phasedmigration.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.ResultComparator;

/**
 * The settings of a migration, as {@code migration.defaults} and {@code migration.instances.<name>}
 * both take them: one class for both, as Resilience4j's {@code InstanceProperties} serve its
 * {@code configs.default} and {@code instances.<name>}. Every value may be unset; a migration's
 * unset value comes from the defaults, whose own values start as the built-in ones
 * ({@link #withDefaults()}). The values are checked by the core's records
 * ({@code MigrationSettings}, {@code CriteriaSettings}) when {@link MigrationProperties} is
 * validated.
 *
 * <pre class="code">
 * migration:
 *   defaults:
 *     timeout: 500ms
 *   instances:
 *     customer-source:
 *       mode: shadow
 *       timeout: 2s
 * </pre>
 */
public class MigrationSettingsProperties {

	/** Mode: OLD, SHADOW, REVERSE_SHADOW or NEW. */
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
	 * Whether a discrepancy is thrown to the caller as a MigrationDiscrepancyException. For tests
	 * only: it makes the caller wait for the secondary.
	 */
	private @Nullable Boolean raiseOnDiscrepancy;

	/**
	 * Comparator of results, a class implementing ResultComparator (a bean of that type when there
	 * is one). Default: the bean named migrationResultComparator, deep equality.
	 */
	private @Nullable Class<? extends ResultComparator> comparator;

	/**
	 * Whether second writes run inside the caller's transaction (atomic when both sides use the same
	 * database) instead of after its commit.
	 */
	private @Nullable Boolean joinTransaction;

	/** Success criteria; a migration's unset ones come from the defaults, then the built-in ones. */
	@NestedConfigurationProperty
	private final MigrationCriteriaProperties criteria = new MigrationCriteriaProperties();

	/** Automatic rollback; a migration's unset values come from the defaults, then the built-in ones. */
	private final AutoRollback autoRollback = new AutoRollback();

	/** The built-in defaults: OLD, a timeout of 1s, fallback on, the rest off. */
	public static MigrationSettingsProperties withDefaults() {
		MigrationSettingsProperties defaults = new MigrationSettingsProperties();
		defaults.mode = MigrationMode.OLD;
		defaults.timeout = Duration.ofSeconds(1);
		defaults.fallback = true;
		defaults.exceptionMessagesMatter = false;
		defaults.compareWriteResults = false;
		defaults.raiseOnDiscrepancy = false;
		defaults.joinTransaction = false;
		return defaults;
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

	public @Nullable Boolean getJoinTransaction() {
		return this.joinTransaction;
	}

	public void setJoinTransaction(@Nullable Boolean joinTransaction) {
		this.joinTransaction = joinTransaction;
	}

	public MigrationCriteriaProperties getCriteria() {
		return this.criteria;
	}

	public AutoRollback getAutoRollback() {
		return this.autoRollback;
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

}
