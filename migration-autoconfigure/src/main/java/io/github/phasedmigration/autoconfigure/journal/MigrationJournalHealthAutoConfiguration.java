package io.github.phasedmigration.autoconfigure.journal;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.phasedmigration.autoconfigure.PhasedMigrationAutoConfiguration;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.journal.JournalStatsCache;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code migrationJournal} health indicator.
 */
@AutoConfiguration(after = PhasedMigrationAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ MigrationEngine.class, JournalStatsCache.class })
@EnableConfigurationProperties(MigrationJournalHealthProperties.class)
public final class MigrationJournalHealthAutoConfiguration {

	/**
	 * The indicator, unless disabled. Its condition comes from spring-boot-health: it is named only in a
	 * configuration that the outer class's {@code @ConditionalOnClass} guards, since the conditions of
	 * one class are all loaded before any of them is evaluated.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("migrationJournal")
	static class EnabledIndicator {

		@Bean
		@ConditionalOnMissingBean(name = "migrationJournalHealthIndicator")
		MigrationJournalHealthIndicator migrationJournalHealthIndicator(JournalStatsCache stats, MigrationEngine engine,
				MigrationJournalHealthProperties properties) {
			return new MigrationJournalHealthIndicator(stats, engine.journalFailures(),
					properties.isDownOnWriteFailure(), Clock.systemUTC());
		}

	}

}
