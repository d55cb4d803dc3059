package io.github.phasedmigration.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.phasedmigration.autoconfigure.MigrationMethods;
import io.github.phasedmigration.autoconfigure.PhasedMigrationAutoConfiguration;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.registry.MigrationRegistry;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code migrations} Actuator endpoint.
 */
@AutoConfiguration(after = PhasedMigrationAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean({ MigrationRegistry.class, MigrationMethods.class })
public final class MigrationsEndpointAutoConfiguration {

	/**
	 * The endpoint, when it is available. Its condition comes from spring-boot-actuator-autoconfigure:
	 * it is named only in a configuration that the outer class's {@code @ConditionalOnClass} guards,
	 * since the conditions of one class are all loaded before any of them is evaluated.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(MigrationsEndpoint.class)
	static class AvailableEndpoint {

		@Bean
		@ConditionalOnMissingBean
		MigrationsEndpoint migrationsEndpoint(MigrationRegistry registry, MigrationMethods methods,
				ObjectProvider<JournalStatsCache> journalStats, ObjectProvider<MigrationSection> sections) {
			JournalStatsCache stats = journalStats.getIfAvailable();
			List<MigrationSection> all = new ArrayList<>();
			if (stats != null) {
				all.add(new ParkedEntriesSection(stats));
			}
			sections.orderedStream().forEach(all::add);
			return new MigrationsEndpoint(registry, methods, stats, all);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(MigrationsEndpoint.class)
		MigrationsEndpointWebExtension migrationsEndpointWebExtension(MigrationsEndpoint endpoint) {
			return new MigrationsEndpointWebExtension(endpoint);
		}

	}

}
