package io.github.phasedmigration.autoconfigure.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Micrometer metrics of migrations, under {@code migration.metrics}. */
@ConfigurationProperties("migration.metrics")
public class MigrationMetricsProperties {

	/** Whether migration metrics are published (needs a MeterRegistry bean). */
	private boolean enabled = true;

	/**
	 * Whether the migration.calls timers publish a percentile histogram, so that Prometheus can
	 * compute p99 per implementation.
	 */
	private boolean percentilesHistogram = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isPercentilesHistogram() {
		return this.percentilesHistogram;
	}

	public void setPercentilesHistogram(boolean percentilesHistogram) {
		this.percentilesHistogram = percentilesHistogram;
	}

}
