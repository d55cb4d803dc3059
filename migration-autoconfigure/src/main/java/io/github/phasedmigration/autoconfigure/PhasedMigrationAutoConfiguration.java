package io.github.phasedmigration.autoconfigure;

import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.events.MigrationEventPublisher;
import io.github.phasedmigration.autoconfigure.replay.ArgumentCodecs;
import io.github.phasedmigration.autoconfigure.replay.ReconcilerLifecycle;
import io.github.phasedmigration.autoconfigure.replay.RenderedArgumentCodecs;
import io.github.phasedmigration.autoconfigure.transaction.SpringTransactionHook;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.engine.ModeResolver;
import io.github.phasedmigration.core.engine.RolloutModeResolver;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.reconciliation.Reconciler;
import io.github.phasedmigration.core.reconciliation.ReconcilerLoop;
import io.github.phasedmigration.core.registry.CompositeMigrationListener;
import io.github.phasedmigration.core.registry.InMemoryMigrationHistory;
import io.github.phasedmigration.core.registry.MigrationHistory;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.switching.CriteriaMonitor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * {@link PhasedMigration @PhasedMigration}: the engine, its executor, the registry of migrations
 * and the advisor that intercepts annotated methods. Every bean backs off when the application
 * declares its own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "migration.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ MigrationProperties.class, MigrationReconcilerProperties.class })
public final class PhasedMigrationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(PhasedMigrationAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(name = "migrationResultComparator")
	ResultComparator migrationResultComparator() {
		return new DeepEqualsComparator();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SecondaryExecutor migrationSecondaryExecutor(MigrationProperties properties) {
		return new SecondaryExecutor(properties.getExecutor().toSettings(),
				SecondaryExecutor.defaultContextSnapshotFactory());
	}

	@Bean
	@ConditionalOnMissingBean
	WriteJournal migrationWriteJournal() {
		logger.warn("Reconciliation journal: in memory (no DataSource, or migration-journal-jdbc or Jackson missing), "
				+ "so failed second writes are replayed while this process lives, but are NOT durable: a restart loses "
				+ "the ones still pending. Give the application a DataSource for a durable journal.");
		return new InMemoryWriteJournal();
	}

	/** Without spring-tx: second writes run at once, there is no transaction to wait for. */
	@Bean
	@ConditionalOnMissingBean
	TransactionHook migrationTransactionHook() {
		return TransactionHook.NONE;
	}

	@Bean
	@ConditionalOnMissingBean
	ArgumentCodecs migrationArgumentCodecs(MigrationProperties properties) {
		return new RenderedArgumentCodecs(properties.getDiscrepancies().getMaxRenderedLength());
	}

	@Bean
	@ConditionalOnMissingBean
	JournalStatsCache migrationJournalStats(WriteJournal journal, MigrationReconcilerProperties reconciler) {
		return new JournalStatsCache(journal, reconciler.getPollInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	Reconciler migrationReconciler(WriteJournal journal, MigrationMethods methods, MigrationRegistry registry,
			MigrationReconcilerProperties reconciler) {
		return new Reconciler(journal, methods, registry, reconciler.toSettings(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "migration.journal.reconciler.enabled", matchIfMissing = true)
	ReconcilerLifecycle migrationReconcilerLifecycle(Reconciler reconciler, JournalStatsCache stats,
			MigrationReconcilerProperties settings) {
		return new ReconcilerLifecycle(
				new ReconcilerLoop(reconciler, stats, settings.getPollInterval(), settings.getShutdownTimeout()));
	}

	@Bean
	@ConditionalOnMissingBean
	ModeResolver migrationModeResolver() {
		return new RolloutModeResolver();
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationHistory migrationHistory() {
		return new InMemoryMigrationHistory();
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationEventPublisher migrationEventPublisher(ApplicationEventPublisher publisher) {
		return new MigrationEventPublisher(publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	CriteriaMonitor migrationCriteriaMonitor(MigrationRegistry registry) {
		return new CriteriaMonitor(registry, registry.clock());
	}

	@Bean
	@ConditionalOnMissingBean
	CriteriaMonitorLifecycle migrationCriteriaMonitorLifecycle(CriteriaMonitor monitor) {
		return new CriteriaMonitorLifecycle(monitor);
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationRegistry migrationRegistry(MigrationProperties properties, ObjectProvider<MigrationListener> listeners,
			MigrationHistory history) {
		return new MigrationRegistry(properties.getDiscrepancies().toSettings(),
				new CompositeMigrationListener(listeners.orderedStream().toList()),
				Clock.systemUTC(), history);
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationEngine migrationEngine(MigrationRegistry registry, SecondaryExecutor executor, ModeResolver modeResolver,
			WriteJournal journal, TransactionHook transactionHook, MigrationProperties properties) {
		return new MigrationEngine(registry, executor, modeResolver, journal, transactionHook, Clock.systemUTC(),
				properties.getReactive().getMaxElements());
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
			MigrationProperties properties, MigrationSettingsFactory settingsFactory, ArgumentCodecs codecs) {
		return new MigrationMethods(beanFactory, registry, properties, settingsFactory, codecs);
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationConfigRefresher migrationConfigRefresher(Environment environment, MigrationRegistry registry,
			MigrationSettingsFactory settingsFactory) {
		return new MigrationConfigRefresher(environment, registry, settingsFactory);
	}

	/** Checks for unknown keys before any bean is created, whichever beans the application replaces. */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static BeanFactoryPostProcessor migrationUnknownPropertiesCheck(Environment environment) {
		return (beanFactory) -> UnknownMigrationProperties.check(environment);
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

	/**
	 * Second writes after the commit of the caller's transaction, when spring-tx is on the class path.
	 * A nested configuration's beans are registered before the outer class's, so that
	 * {@code TransactionHook.NONE} backs off; spring-tx is named only here.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TransactionSynchronizationManager.class)
	static class SpringTransactions {

		@Bean
		@ConditionalOnMissingBean
		TransactionHook migrationTransactionHook() {
			return new SpringTransactionHook();
		}

	}

}
