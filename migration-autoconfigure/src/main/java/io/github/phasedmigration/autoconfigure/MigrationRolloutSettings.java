package io.github.phasedmigration.autoconfigure;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.autoconfigure.MigrationSettingsProperties.AutoRollback;
import io.github.phasedmigration.core.InvalidSettingException;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.rollout.Percentage;
import io.github.phasedmigration.core.rollout.Rollout;

/**
 * Turns {@link MigrationProperties} into a migration's {@link Rollout} and {@link CriteriaSettings}:
 * its own values where it sets them, the defaults otherwise. Every problem is an
 * {@link InvalidSettingException} naming the key, the value and what is allowed.
 */
public final class MigrationRolloutSettings {

	/** The longest migration key the allow-list takes. */
	public static final int MAX_KEY_LENGTH = 200;

	/** The most keys the allow-list takes. */
	public static final int MAX_ALLOW_LIST = 1000;

	private MigrationRolloutSettings() {
	}

	/** The declared rollout of a migration. */
	public static Rollout rollout(MigrationProperties properties, String name) {
		return properties.named(name, () -> rolloutOf(properties, name));
	}

	/** The rollout, its problems named relative to the migration, e.g. {@code percentage}. */
	static Rollout rolloutOf(MigrationProperties properties, String name) {
		MigrationInstanceProperties instance = properties.getInstances().get(name);
		if (instance == null) {
			return Rollout.full(properties.modeOf(name), name);
		}
		int basisPoints = (instance.getPercentage() != null) ? Percentage.parse("percentage", instance.getPercentage())
				: Percentage.FULL;
		String salt = (instance.getSalt() != null) ? instance.getSalt() : name;
		if (salt.isBlank() || Inputs.hasControlCharacters(salt)) {
			throw new InvalidSettingException("salt",
					"= '" + Inputs.printable(salt) + "' is not allowed: a non-blank text without control characters");
		}
		int sample = (instance.getSampleRate() != null) ? sampleRate("sample-rate", instance.getSampleRate())
				: Percentage.FULL;
		return new Rollout(properties.modeOf(name), basisPoints, salt, allowList("allow-list", instance.getAllowList()),
				sample);
	}

	/**
	 * Checks an allow-list.
	 * @param key the key or field, for messages
	 * @param keys the migration keys
	 * @return them as a set
	 */
	public static Set<String> allowList(String key, List<String> keys) {
		if (keys.size() > MAX_ALLOW_LIST) {
			throw new InvalidSettingException(key, "has " + keys.size() + " keys; at most " + MAX_ALLOW_LIST
					+ " are allowed (a canary's percentage picks the rest)");
		}
		Set<String> allowed = new LinkedHashSet<>();
		for (String entry : keys) {
			if (entry == null || entry.isBlank() || entry.length() > MAX_KEY_LENGTH
					|| Inputs.hasControlCharacters(entry)) {
				throw new InvalidSettingException(key, "contains '" + Inputs.printable(String.valueOf(entry))
						+ "', which is not allowed: each key must be non-blank, at most " + MAX_KEY_LENGTH
						+ " characters, without control characters");
			}
			allowed.add(entry);
		}
		return allowed;
	}

	/**
	 * Parses a sample rate, 0 to 1 with at most four decimals.
	 * @return basis points, 0 to 10000
	 */
	public static int sampleRate(String key, String value) {
		try {
			BigDecimal rate = new BigDecimal(value.trim());
			return Percentage.basisPoints(key, rate.movePointRight(2));
		}
		catch (IllegalArgumentException ex) { // NumberFormatException too
			throw new InvalidSettingException(key, "= '" + Inputs.printable(value)
					+ "' is not allowed: a number from 0 to 1 with at most four decimals, e.g. 0.1 for 10% of SHADOW reads");
		}
	}

	/** The success criteria and automatic rollback of a migration. */
	public static CriteriaSettings criteria(MigrationProperties properties, String name) {
		return properties.named(name, () -> criteriaOf(properties, name));
	}

	/** The criteria, their problems named relative to the migration, e.g. {@code criteria.min-calls}. */
	static CriteriaSettings criteriaOf(MigrationProperties properties, String name) {
		CriteriaSettings base = CriteriaSettings.DEFAULTS;
		try {
			return new CriteriaSettings(criterion(properties, name, MigrationCriteriaProperties::getBucket, base.bucket()),
					criterion(properties, name, MigrationCriteriaProperties::getBuckets, base.buckets()),
					criterion(properties, name, MigrationCriteriaProperties::getMinCalls, base.minCalls()),
					criterion(properties, name, MigrationCriteriaProperties::getMaxDiscrepancyRateBeforeReverseShadow,
							base.maxDiscrepancyRateBeforeReverseShadow()),
					criterion(properties, name, MigrationCriteriaProperties::getMaxDiscrepancyRateBeforeNew,
							base.maxDiscrepancyRateBeforeNew()),
					criterion(properties, name, MigrationCriteriaProperties::getErrorRateFactor, base.errorRateFactor()),
					criterion(properties, name, MigrationCriteriaProperties::getErrorRateMargin, base.errorRateMargin()),
					properties.valueOf(name, (settings) -> settings.getCriteria().getMaxErrorRate()),
					criterion(properties, name, MigrationCriteriaProperties::getLatencyPercentile,
							base.latencyPercentile()),
					criterion(properties, name, MigrationCriteriaProperties::getMaxLatencyRatio, base.maxLatencyRatio()),
					criterion(properties, name, MigrationCriteriaProperties::getLatencyMargin, base.latencyMargin()),
					autoRollback(properties, name, AutoRollback::getEnabled, base.autoRollback()),
					autoRollback(properties, name, AutoRollback::getAfterFailingWindows, base.rollbackAfter()));
		}
		catch (InvalidSettingException ex) {
			// CriteriaSettings names the criteria as they are configured under criteria, and auto-rollback.* whole
			throw ex.setting().startsWith("auto-rollback.") ? ex : ex.prefixed("criteria.");
		}
	}

	private static <T> T criterion(MigrationProperties properties, String name,
			Function<MigrationCriteriaProperties, @Nullable T> criterion, T builtIn) {
		T value = properties.valueOf(name, (settings) -> criterion.apply(settings.getCriteria()));
		return (value != null) ? value : builtIn;
	}

	private static <T> T autoRollback(MigrationProperties properties, String name,
			Function<AutoRollback, @Nullable T> value, T builtIn) {
		T found = properties.valueOf(name, (settings) -> value.apply(settings.getAutoRollback()));
		return (found != null) ? found : builtIn;
	}

}
