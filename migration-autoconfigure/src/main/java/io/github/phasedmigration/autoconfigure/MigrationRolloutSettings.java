package io.github.phasedmigration.autoconfigure;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.autoconfigure.MigrationProperties.AutoRollback;
import io.github.phasedmigration.autoconfigure.MigrationProperties.Criteria;
import io.github.phasedmigration.autoconfigure.MigrationProperties.Instance;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.rollout.Percentage;
import io.github.phasedmigration.core.rollout.Rollout;

/**
 * Turns {@link MigrationProperties} into a migration's {@link Rollout} and {@link CriteriaSettings}:
 * its own values where it sets them, the defaults otherwise. Every problem is an
 * {@link IllegalArgumentException} naming the key, the value and what is allowed.
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
		Instance instance = properties.getInstances().getOrDefault(name, new Instance());
		String prefix = "migration.instances." + name + ".";
		int basisPoints = (instance.getPercentage() != null)
				? Percentage.parse(prefix + "percentage", instance.getPercentage()) : Percentage.FULL;
		String salt = (instance.getSalt() != null) ? instance.getSalt() : name;
		if (salt.isBlank() || Inputs.hasControlCharacters(salt)) {
			throw new IllegalArgumentException(prefix + "salt = '" + Inputs.printable(salt)
					+ "' is not allowed: a non-blank text without control characters");
		}
		int sample = (instance.getSampleRate() != null) ? sampleRate(prefix + "sample-rate", instance.getSampleRate())
				: Percentage.FULL;
		return new Rollout(properties.modeOf(name), basisPoints, salt, allowList(prefix + "allow-list",
				instance.getAllowList()), sample);
	}

	/**
	 * Checks an allow-list.
	 * @param key the key or field, for messages
	 * @param keys the migration keys
	 * @return them as a set
	 */
	public static Set<String> allowList(String key, List<String> keys) {
		if (keys.size() > MAX_ALLOW_LIST) {
			throw new IllegalArgumentException(key + " has " + keys.size() + " keys; at most " + MAX_ALLOW_LIST
					+ " are allowed (a canary's percentage picks the rest)");
		}
		Set<String> allowed = new LinkedHashSet<>();
		for (String entry : keys) {
			if (entry == null || entry.isBlank() || entry.length() > MAX_KEY_LENGTH
					|| Inputs.hasControlCharacters(entry)) {
				throw new IllegalArgumentException(key + " contains '" + Inputs.printable(String.valueOf(entry))
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
			throw new IllegalArgumentException(key + " = '" + Inputs.printable(value)
					+ "' is not allowed: a number from 0 to 1 with at most four decimals, e.g. 0.1 for 10% of SHADOW reads");
		}
	}

	/** The success criteria and automatic rollback of a migration. */
	public static CriteriaSettings criteria(MigrationProperties properties, String name) {
		Instance instance = properties.getInstances().getOrDefault(name, new Instance());
		Criteria own = instance.getCriteria();
		Criteria defaults = properties.getDefaults().getCriteria();
		AutoRollback ownRollback = instance.getAutoRollback();
		AutoRollback defaultRollback = properties.getDefaults().getAutoRollback();
		CriteriaSettings base = CriteriaSettings.DEFAULTS;
		String prefix = properties.getInstances().containsKey(name) ? "migration.instances." + name + "."
				: "migration.defaults.";
		try {
			return new CriteriaSettings(pick(own, defaults, Criteria::getBucket, base.bucket()),
					pick(own, defaults, Criteria::getBuckets, base.buckets()),
					pick(own, defaults, Criteria::getMinCalls, base.minCalls()),
					pick(own, defaults, Criteria::getMaxDiscrepancyRateBeforeReverseShadow,
							base.maxDiscrepancyRateBeforeReverseShadow()),
					pick(own, defaults, Criteria::getMaxDiscrepancyRateBeforeNew, base.maxDiscrepancyRateBeforeNew()),
					pick(own, defaults, Criteria::getErrorRateFactor, base.errorRateFactor()),
					pick(own, defaults, Criteria::getErrorRateMargin, base.errorRateMargin()),
					(own.getMaxErrorRate() != null) ? own.getMaxErrorRate() : defaults.getMaxErrorRate(),
					pick(own, defaults, Criteria::getLatencyPercentile, base.latencyPercentile()),
					pick(own, defaults, Criteria::getMaxLatencyRatio, base.maxLatencyRatio()),
					pick(own, defaults, Criteria::getLatencyMargin, base.latencyMargin()),
					pick(ownRollback, defaultRollback, AutoRollback::getEnabled, base.autoRollback()),
					pick(ownRollback, defaultRollback, AutoRollback::getAfterFailingWindows, base.rollbackAfter()));
		}
		catch (IllegalArgumentException ex) {
			String message = String.valueOf(ex.getMessage());
			String group = message.startsWith("auto-rollback.") ? "" : "criteria.";
			throw new IllegalArgumentException(prefix + group + message, ex);
		}
	}

	private static <S, T> T pick(S own, S defaults, Function<S, @Nullable T> getter, T fallback) {
		T value = getter.apply(own);
		if (value != null) {
			return value;
		}
		value = getter.apply(defaults);
		return (value != null) ? value : fallback;
	}

}
