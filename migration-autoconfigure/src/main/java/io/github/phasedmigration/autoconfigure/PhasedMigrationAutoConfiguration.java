package io.github.phasedmigration.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.MigrationProperties.Discrepancies;
import io.github.phasedmigration.autoconfigure.MigrationProperties.Executor;
import io.github.phasedmigration.core.CompositeMigrationListener;
import io.github.phasedmigration.core.FailedWriteHandler;
import io.github.phasedmigration.core.LoggingFailedWriteHandler;
import io.github.phasedmigration.core.MigrationEngine;
import io.github.phasedmigration.core.MigrationListener;
import io.github.phasedmigration.core.MigrationRegistry;
import io.github.phasedmigration.core.ModeResolver;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.execution.ExecutorSettings;
import io.github.phasedmigration.core.execution.SecondaryExecutor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * {@link PhasedMigration @PhasedMigration}: the engine, its executor, the registry of migrations
 * and the advisor that intercepts annotated methods. Every bean backs off when the application
 * declares its own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "migration.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrationProperties.class)
public final class PhasedMigrationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "migrationResultComparator")
	ResultComparator migrationResultComparator() {
		return new DeepEqualsComparator();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SecondaryExecutor migrationSecondaryExecutor(MigrationProperties properties) {
		Executor executor = properties.getExecutor();
		return new SecondaryExecutor(new ExecutorSettings(executor.getThreads(), executor.getQueueCapacity(),
				executor.getThreadNamePrefix(), executor.getShutdownTimeout()),
				SecondaryExecutor.defaultContextSnapshotFactory());
	}

	@Bean
	@ConditionalOnMissingBean
	FailedWriteHandler migrationFailedWriteHandler(MigrationProperties properties) {
		return new LoggingFailedWriteHandler(properties.getDiscrepancies().getMaxRenderedLength());
	}

	@Bean
	@ConditionalOnMissingBean
	ModeResolver migrationModeResolver() {
		return ModeResolver.EFFECTIVE_MODE;
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationRegistry migrationRegistry(MigrationProperties properties, ObjectProvider<MigrationListener> listeners) {
		Discrepancies discrepancies = properties.getDiscrepancies();
		DiscrepancySettings settings = new DiscrepancySettings(discrepancies.getRingSize(),
				discrepancies.getSampleRate(), discrepancies.getMaxRenderedLength(), discrepancies.getLogLimit(),
				discrepancies.getLogInterval());
		return new MigrationRegistry(settings, new CompositeMigrationListener(listeners.orderedStream().toList()),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationEngine migrationEngine(MigrationRegistry registry, SecondaryExecutor executor, ModeResolver modeResolver,
			FailedWriteHandler failedWriteHandler) {
		return new MigrationEngine(registry, executor, modeResolver, failedWriteHandler, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationSettingsFactory migrationSettingsFactory(ConfigurableListableBeanFactory beanFactory) {
		return new MigrationSettingsFactory(beanFactory,
				beanFactory.getBean("migrationResultComparator", ResultComparator.class));
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationMethods migrationMethods(ConfigurableListableBeanFactory beanFactory, MigrationRegistry registry,
			MigrationProperties properties, MigrationSettingsFactory settingsFactory) {
		return new MigrationMethods(beanFactory, registry, properties, settingsFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationConfigRefresher migrationConfigRefresher(Environment environment, MigrationRegistry registry,
			MigrationSettingsFactory settingsFactory) {
		return new MigrationConfigRefresher(environment, registry, settingsFactory);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static PhasedMigrationAdvisor phasedMigrationAdvisor(ObjectProvider<MigrationEngine> engine,
			ObjectProvider<MigrationMethods> methods, Environment environment) {
		// read from the environment: a static infrastructure bean must not pull in the properties bean early
		int order = environment.getProperty("migration.interceptor-order", Integer.class,
				PhasedMigrationAdvisor.DEFAULT_ORDER);
		return new PhasedMigrationAdvisor(new PhasedMigrationInterceptor(engine, methods), order);
	}

}
