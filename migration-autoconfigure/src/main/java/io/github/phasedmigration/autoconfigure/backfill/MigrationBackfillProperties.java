package io.github.phasedmigration.autoconfigure.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.github.phasedmigration.core.backfill.BackfillSettings;
import io.github.phasedmigration.core.backfill.VerifyOptions;

/**
 * Settings of backfill and verify ({@code migration.backfill.*}). The checkpoints' table lives in
 * the journal's DataSource and is created under the journal's {@code initialize-schema} rule.
 */
@ConfigurationProperties("migration.backfill")
public class MigrationBackfillProperties implements Validator {

	/** Records read from old and written to new at a time, and between two checkpoints. */
	private int chunkSize = 1000;

	/** The most records copied per second, so that old is not hurt at its peak; 0 for no limit. */
	private double rowsPerSecond = 0;

	/** How long a backfill's lease holds unless renewed; another instance takes over this long after its instance died. */
	private Duration lease = Duration.ofMinutes(1);

	/** Pause between two progress lines in the log. */
	private Duration logInterval = Duration.ofSeconds(30);

	/** Pause between two looks for backfills whose instance died, to take them over. */
	private Duration pollInterval = Duration.ofSeconds(10);

	/** Attempts at a chunk before the backfill fails (it resumes from its checkpoint when started again). */
	private int maxChunkAttempts = 5;

	/** Wait between two attempts at a chunk. */
	private Duration retryBackoff = Duration.ofSeconds(5);

	/** Migrations whose backfill starts (or resumes) at start-up, unless it completed or was paused. */
	private List<String> startOnStartup = new ArrayList<>();

	/** How verify runs. */
	private final Verify verify = new Verify();

	public int getChunkSize() {
		return this.chunkSize;
	}

	public void setChunkSize(int chunkSize) {
		this.chunkSize = chunkSize;
	}

	public double getRowsPerSecond() {
		return this.rowsPerSecond;
	}

	public void setRowsPerSecond(double rowsPerSecond) {
		this.rowsPerSecond = rowsPerSecond;
	}

	public Duration getLease() {
		return this.lease;
	}

	public void setLease(Duration lease) {
		this.lease = lease;
	}

	public Duration getLogInterval() {
		return this.logInterval;
	}

	public void setLogInterval(Duration logInterval) {
		this.logInterval = logInterval;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public int getMaxChunkAttempts() {
		return this.maxChunkAttempts;
	}

	public void setMaxChunkAttempts(int maxChunkAttempts) {
		this.maxChunkAttempts = maxChunkAttempts;
	}

	public Duration getRetryBackoff() {
		return this.retryBackoff;
	}

	public void setRetryBackoff(Duration retryBackoff) {
		this.retryBackoff = retryBackoff;
	}

	public List<String> getStartOnStartup() {
		return this.startOnStartup;
	}

	public void setStartOnStartup(List<String> startOnStartup) {
		this.startOnStartup = startOnStartup;
	}

	public Verify getVerify() {
		return this.verify;
	}

	/** The engine's settings. */
	public BackfillSettings toSettings() {
		return new BackfillSettings(this.chunkSize, this.rowsPerSecond, this.lease, this.logInterval, this.pollInterval,
				this.maxChunkAttempts, this.retryBackoff);
	}

	/** The options of one verify. */
	public VerifyOptions verifyOptions(boolean repair, boolean deleteExtra) {
		return new VerifyOptions(repair, deleteExtra, this.chunkSize, this.verify.recheckDelay,
				this.verify.sampleSize);
	}

	@Override
	public boolean supports(Class<?> type) {
		return MigrationBackfillProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		MigrationBackfillProperties properties = (MigrationBackfillProperties) target;
		if (properties.chunkSize < 1 || properties.chunkSize > 100_000) {
			errors.rejectValue("chunkSize", "invalid.chunkSize",
					"migration.backfill.chunk-size must be between 1 and 100000, was " + properties.chunkSize);
		}
		if (!(properties.rowsPerSecond >= 0) || Double.isInfinite(properties.rowsPerSecond)) {
			errors.rejectValue("rowsPerSecond", "invalid.rowsPerSecond",
					"migration.backfill.rows-per-second must be 0 (no limit) or a positive number, was "
							+ properties.rowsPerSecond);
		}
		positive(errors, "lease", "lease", properties.lease);
		positive(errors, "logInterval", "log-interval", properties.logInterval);
		positive(errors, "pollInterval", "poll-interval", properties.pollInterval);
		if (properties.maxChunkAttempts < 1) {
			errors.rejectValue("maxChunkAttempts", "invalid.maxChunkAttempts",
					"migration.backfill.max-chunk-attempts must be at least 1, was " + properties.maxChunkAttempts);
		}
		if (properties.retryBackoff.isNegative()) {
			errors.rejectValue("retryBackoff", "invalid.retryBackoff",
					"migration.backfill.retry-backoff must be 0 or more, was " + properties.retryBackoff);
		}
		if (properties.verify.recheckDelay.isNegative()) {
			errors.rejectValue("verify.recheckDelay", "invalid.recheckDelay",
					"migration.backfill.verify.recheck-delay must be 0 or more, was " + properties.verify.recheckDelay);
		}
		if (properties.verify.sampleSize < 0 || properties.verify.sampleSize > 1000) {
			errors.rejectValue("verify.sampleSize", "invalid.sampleSize",
					"migration.backfill.verify.sample-size must be between 0 and 1000, was "
							+ properties.verify.sampleSize);
		}
	}

	private static void positive(Errors errors, String field, String key, Duration value) {
		if (value.isNegative() || value.isZero()) {
			errors.rejectValue(field, "invalid." + field,
					"migration.backfill." + key + " must be positive, e.g. 30s; was " + value);
		}
	}

	/** How verify runs. */
	public static class Verify {

		/**
		 * Wait before records that differ are read again, so that writes in flight when they were
		 * first read are not counted.
		 */
		private Duration recheckDelay = Duration.ofSeconds(2);

		/** The most differences of each kind listed in a report; all are counted. */
		private int sampleSize = 20;

		public Duration getRecheckDelay() {
			return this.recheckDelay;
		}

		public void setRecheckDelay(Duration recheckDelay) {
			this.recheckDelay = recheckDelay;
		}

		public int getSampleSize() {
			return this.sampleSize;
		}

		public void setSampleSize(int sampleSize) {
			this.sampleSize = sampleSize;
		}

	}

}
