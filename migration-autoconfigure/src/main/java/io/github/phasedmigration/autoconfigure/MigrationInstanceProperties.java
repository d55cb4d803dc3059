package io.github.phasedmigration.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one migration, under {@code migration.instances.<name>}: those that the defaults
 * also take ({@link MigrationSettingsProperties}; unset ones come from the defaults), plus those that
 * only one migration can have, its key and its rollout.
 */
public class MigrationInstanceProperties extends MigrationSettingsProperties {

	/**
	 * Migration key: a SpEL expression over the parameters of every annotated method by name, e.g.
	 * #orderId or #order.customerId. Keeps second writes of one key in order. Read at start-up;
	 * @PhasedMigration(key = ...) on a method wins.
	 */
	private @Nullable String key;

	/**
	 * Share of calls that get the mode, 0 to 100 in steps of 0.01; the rest get the mode just before
	 * it. Sticky per migration key. Default 100.
	 */
	private @Nullable String percentage;

	/** Salt of the canary's buckets. Default: the migration's name. */
	private @Nullable String salt;

	/** Migration keys that always get the mode (internal users first). */
	private List<String> allowList = new ArrayList<>();

	/** Share of SHADOW reads whose secondary runs, 0 to 1. Default 1. */
	private @Nullable String sampleRate;

	public @Nullable String getKey() {
		return this.key;
	}

	public void setKey(@Nullable String key) {
		this.key = key;
	}

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

}
