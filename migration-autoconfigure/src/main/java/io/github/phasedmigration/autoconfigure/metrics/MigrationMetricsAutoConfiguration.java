package io.github.phasedmigration.autoconfigure.metrics;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.phasedmigration.autoconfigure.PhasedMigrationAutoConfiguration;
import io.github.phasedmigration.autoconfigure.backfill.BackfillLifecycle;
import io.github.phasedmigration.autoconfigure.backfill.MigrationBackfillAutoConfiguration;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.execution.SecondaryExecutor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * migration metrics, when Micrometer is present and a {@link MeterRegistry} bean exists.
 */
@AutoConfiguration(after = { PhasedMigrationAutoConfiguration.class, MigrationBackfillAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, SecondaryExecutor.class })
@ConditionalOnBooleanProperty(name = "migration.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrationMetricsProperties.class)
public final class MigrationMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerMigrationListener micrometerMigrationListener(MeterRegistry registry, MigrationMetricsProperties properties,
			ObjectProvider<JournalStatsCache> journalStats, SecondaryExecutor executor) {
		return new MicrometerMigrationListener(registry, properties.isPercentilesHistogram(),
				journalStats.getIfAvailable(), executor);
	}

	/** Meters of the backfills, when the application has some. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Backfill.class)
	@ConditionalOnBean(BackfillLifecycle.class)
	static class BackfillMetrics {

		@Bean
		@ConditionalOnMissingBean
		MicrometerBackfillListener micrometerBackfillListener(MeterRegistry registry, BackfillLifecycle lifecycle,
				ObjectProvider<Backfill<?, ?>> backfills) {
			return new MicrometerBackfillListener(registry, lifecycle,
					backfills.orderedStream().map(Backfill::migration).toList(), Clock.systemUTC());
		}

	}

}
