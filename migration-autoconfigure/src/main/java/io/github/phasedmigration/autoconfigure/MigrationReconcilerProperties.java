package io.github.phasedmigration.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.github.phasedmigration.core.InvalidSettingException;
import io.github.phasedmigration.core.reconciliation.ReconcilerSettings;

/**
 * The reconciler that replays journal entries, under {@code migration.journal.reconciler}. It runs
 * with whichever journal the application has (the durable one or the in-memory fallback), so
 * these are bound by {@link PhasedMigrationAutoConfiguration}; the journal's table and DataSource
 * are configured in {@code autoconfigure.journal}. Values are checked by
 * {@link ReconcilerSettings}.
 */
@ConfigurationProperties("migration.journal.reconciler")
public class MigrationReconcilerProperties implements Validator {

	private static final String KEY = "migration.journal.reconciler.";

	/** Whether this instance replays journal entries. Off: another instance must. */
	private boolean enabled = true;

	/** Entries claimed at once. */
	private int batchSize = 100;

	/** Pause between polls when nothing is due. */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * How long a claim holds; an entry whose instance died is taken over after it. Keep it longer
	 * than a batch of replays can take.
	 */
	private Duration lease = Duration.ofMinutes(5);

	/** Attempts before an entry is parked for a person to retry or discard. */
	private int maxAttempts = 10;

	/** Wait before the second attempt. */
	private Duration initialBackoff = Duration.ofSeconds(1);

	/** Longest wait between attempts. */
	private Duration maxBackoff = Duration.ofMinutes(5);

	/** Growth of the wait after each failed attempt. */
	private double backoffMultiplier = 2.0;

	/** How long shutdown waits for the batch being replayed. */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Entries of a batch replayed side by side. A batch holds at most one entry per key, so each
	 * key's order is kept.
	 */
	private int replayThreads = 4;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getLease() {
		return this.lease;
	}

	public void setLease(Duration lease) {
		this.lease = lease;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = initialBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public double getBackoffMultiplier() {
		return this.backoffMultiplier;
	}

	public void setBackoffMultiplier(double backoffMultiplier) {
		this.backoffMultiplier = backoffMultiplier;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public int getReplayThreads() {
		return this.replayThreads;
	}

	public void setReplayThreads(int replayThreads) {
		this.replayThreads = replayThreads;
	}

	/** The reconciler's settings. */
	public ReconcilerSettings toSettings() {
		return new ReconcilerSettings(this.batchSize, this.pollInterval, this.lease, this.maxAttempts,
				this.initialBackoff, this.maxBackoff, this.backoffMultiplier, this.replayThreads);
	}

	@Override
	public boolean supports(Class<?> type) {
		return MigrationReconcilerProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		MigrationReconcilerProperties properties = (MigrationReconcilerProperties) target;
		SettingErrors.check(errors, "", KEY, properties::toSettings);
		// the loop's, not a record's: ReconcilerLoop takes it as it is
		SettingErrors.check(errors, "", KEY, () -> {
			InvalidSettingException.requirePositive("shutdown-timeout", properties.shutdownTimeout, "10s");
			return properties.shutdownTimeout;
		});
	}

}
