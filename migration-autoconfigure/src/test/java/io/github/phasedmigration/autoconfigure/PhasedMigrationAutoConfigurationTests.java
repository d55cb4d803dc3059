package io.github.phasedmigration.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import io.github.phasedmigration.autoconfigure.Greeters.CallLog;
import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpointWebExtension;
import io.github.phasedmigration.autoconfigure.events.MigrationEventPublisher;
import io.github.phasedmigration.autoconfigure.metrics.MicrometerMigrationListener;
import io.github.phasedmigration.autoconfigure.replay.ArgumentCodecs;
import io.github.phasedmigration.autoconfigure.replay.ReconcilerLifecycle;
import io.github.phasedmigration.autoconfigure.replay.RenderedArgumentCodecs;
import io.github.phasedmigration.autoconfigure.transaction.SpringTransactionHook;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.TransactionHook;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.engine.ModeResolver;
import io.github.phasedmigration.core.engine.RolloutModeResolver;
import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.reconciliation.Reconciler;
import io.github.phasedmigration.core.reconciliation.ReconcilerLoop;
import io.github.phasedmigration.core.reconciliation.ReconcilerSettings;
import io.github.phasedmigration.core.registry.CompositeMigrationListener;
import io.github.phasedmigration.core.registry.InMemoryMigrationHistory;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationHistory;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.switching.CriteriaMonitor;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.eventually;
import static io.github.phasedmigration.autoconfigure.MigrationRunners.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;

/** Defaults, back-off and the on/off switch of {@link PhasedMigrationAutoConfiguration}. */
class PhasedMigrationAutoConfigurationTests {

	private static final String EXPOSE_ENDPOINT = "management.endpoints.web.exposure.include=migrations";

	private final ApplicationContextRunner runner = MigrationRunners.runner();

	/** Makes the optional beans (metrics listener, endpoint) appear too. */
	private final ApplicationContextRunner fullRunner = this.runner.withBean(SimpleMeterRegistry.class)
		.withPropertyValues(EXPOSE_ENDPOINT);

	// ---- defaults

	@Test
	void defaultsProvideEveryBeanOnce() {
		this.fullRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(MigrationProperties.class)
				.hasSingleBean(MigrationRegistry.class)
				.hasSingleBean(MigrationEngine.class)
				.hasSingleBean(SecondaryExecutor.class)
				.hasSingleBean(WriteJournal.class)
				.hasSingleBean(TransactionHook.class)
				.hasSingleBean(ArgumentCodecs.class)
				.hasSingleBean(JournalStatsCache.class)
				.hasSingleBean(Reconciler.class)
				.hasSingleBean(ReconcilerLifecycle.class)
				.hasSingleBean(ModeResolver.class)
				.hasSingleBean(ResultComparator.class)
				.hasSingleBean(MigrationSettingsFactory.class)
				.hasSingleBean(MigrationMethods.class)
				.hasSingleBean(MigrationConfigRefresher.class)
				.hasSingleBean(PhasedMigrationAdvisor.class)
				.hasSingleBean(MicrometerMigrationListener.class)
				.hasSingleBean(MigrationsEndpoint.class)
				.hasSingleBean(MigrationsEndpointWebExtension.class);
			assertThat(context).getBean(WriteJournal.class).isInstanceOf(InMemoryWriteJournal.class);
			assertThat(context).getBean(TransactionHook.class).isInstanceOf(SpringTransactionHook.class);
			assertThat(context).getBean(ArgumentCodecs.class).isInstanceOf(RenderedArgumentCodecs.class);
			assertThat(context.getBean(ModeResolver.class)).isInstanceOf(RolloutModeResolver.class);
			assertThat(context).hasSingleBean(MigrationHistory.class)
				.hasSingleBean(CriteriaMonitor.class)
				.hasSingleBean(CriteriaMonitorLifecycle.class)
				.hasSingleBean(MigrationEventPublisher.class);
			assertThat(context.getBean(MigrationHistory.class)).isInstanceOf(InMemoryMigrationHistory.class);
			assertThat(context.getBean("migrationResultComparator")).isInstanceOf(DeepEqualsComparator.class);
			assertThat(context.getBeanFactory().getBeanDefinition("phasedMigrationAdvisor").getRole())
				.isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
		});
	}

	@Test
	void withoutMeterRegistryOrExposureOnlyTheCoreBeansExist() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(MigrationRegistry.class)
				.hasSingleBean(MigrationEngine.class)
				.hasSingleBean(PhasedMigrationAdvisor.class)
				.doesNotHaveBean(MicrometerMigrationListener.class)
				.doesNotHaveBean(MigrationsEndpoint.class);
		});
	}

	@Test
	void defaultComparatorBeanIsTheComparatorOfMigrationsThatSetNone() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class).run((context) -> {
			Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
			assertThat(migration.settings().comparator()).isSameAs(context.getBean("migrationResultComparator"));
		});
	}

	@Test
	void propertiesShapeTheExecutorAndTheDiscrepancySettings() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.executor.threads=2", "migration.executor.queue-capacity=7",
					"migration.executor.thread-name-prefix=greeting-pool-",
					"migration.executor.shutdown-timeout=3s", "migration.discrepancies.ring-size=5",
					"migration.discrepancies.sample-rate=0.5", "migration.discrepancies.max-rendered-length=100",
					"migration.discrepancies.log-limit=3", "migration.discrepancies.log-interval=10s",
					"migration.defaults.timeout=750ms", "migration.defaults.fallback=false",
					"migration.instances.greeting.mode=shadow", "migration.instances.greeting.timeout=2s")
			.run((context) -> {
				SecondaryExecutor executor = context.getBean(SecondaryExecutor.class);
				assertThat(executor.settings().threads()).isEqualTo(2);
				assertThat(executor.settings().queueCapacity()).isEqualTo(7);
				assertThat(executor.settings().shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(context.getBean(MigrationRegistry.class).discrepancySettings())
					.isEqualTo(new DiscrepancySettings(5, 0.5, 100, 3, Duration.ofSeconds(10)));
				Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
				assertThat(migration.settings().timeout()).as("the instance's own value wins")
					.isEqualTo(Duration.ofSeconds(2));
				assertThat(migration.settings().fallback()).as("unset on the instance: the default")
					.isFalse();

				assertThat(context.getBean(OldGreeter.class).greet("Ann")).isEqualTo("Hello Ann");
				CallLog log = context.getBean(CallLog.class);
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(log.of("new")).singleElement()
					.satisfies((call) -> assertThat(call.thread()).startsWith("greeting-pool-"));
			});
	}

	@Test
	void secondaryExecutorShutsDownWithTheContext() {
		AtomicReference<SecondaryExecutor> executor = new AtomicReference<>();
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				executor.set(context.getBean(SecondaryExecutor.class));
				context.getBean(OldGreeter.class).greet("Ann");
				assertThat(executor.get().isShutdown()).isFalse();
			});
		assertThat(executor.get().isShutdown()).isTrue();
	}

	// ---- migration.enabled=false

	@Test
	void disabledCreatesNoMigrationBeanAndAnnotatedMethodsRunOldOnly() {
		this.fullRunner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.enabled=false", "migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(MigrationProperties.class)
					.doesNotHaveBean(MigrationRegistry.class)
					.doesNotHaveBean(MigrationEngine.class)
					.doesNotHaveBean(SecondaryExecutor.class)
					.doesNotHaveBean(WriteJournal.class)
					.doesNotHaveBean(Reconciler.class)
					.doesNotHaveBean(ReconcilerLifecycle.class)
					.doesNotHaveBean(ModeResolver.class)
					.doesNotHaveBean(ResultComparator.class)
					.doesNotHaveBean(MigrationSettingsFactory.class)
					.doesNotHaveBean(MigrationMethods.class)
					.doesNotHaveBean(MigrationConfigRefresher.class)
					.doesNotHaveBean(PhasedMigrationAdvisor.class)
					.doesNotHaveBean(MicrometerMigrationListener.class)
					.doesNotHaveBean(MigrationsEndpoint.class)
					.doesNotHaveBean(MigrationsEndpointWebExtension.class);
				OldGreeter greeter = context.getBean(OldGreeter.class);
				assertThat(AopUtils.isAopProxy(greeter)).isFalse();
				assertThat(greeter.greet("Bob")).isEqualTo("Hello Bob");
				assertThat(context.getBean(CallLog.class).count("new")).isZero();
				assertThat(context.getBean(MeterRegistry.class).find("migration.calls").meters()).isEmpty();
			});
	}

	@Test
	void enabledIsTheDefault() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=NEW")
			.run((context) -> assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hi Bob"));
	}

	// ---- back-off

	static Stream<Arguments> replaceableBeans() {
		return Stream.of(
				Arguments.of(MigrationRegistry.class, UserRegistryConfiguration.class, "migrationRegistry"),
				Arguments.of(MigrationEngine.class, UserEngineConfiguration.class, "migrationEngine"),
				Arguments.of(SecondaryExecutor.class, UserExecutorConfiguration.class, "migrationSecondaryExecutor"),
				Arguments.of(WriteJournal.class, UserJournalConfiguration.class, "migrationWriteJournal"),
				Arguments.of(TransactionHook.class, UserTransactionHookConfiguration.class,
						"migrationTransactionHook"),
				Arguments.of(ArgumentCodecs.class, UserArgumentCodecsConfiguration.class, "migrationArgumentCodecs"),
				Arguments.of(JournalStatsCache.class, UserJournalStatsConfiguration.class, "migrationJournalStats"),
				Arguments.of(Reconciler.class, UserReconcilerConfiguration.class, "migrationReconciler"),
				Arguments.of(ReconcilerLifecycle.class, UserReconcilerLifecycleConfiguration.class,
						"migrationReconcilerLifecycle"),
				Arguments.of(ModeResolver.class, UserModeResolverConfiguration.class, "migrationModeResolver"),
				Arguments.of(MigrationSettingsFactory.class, UserSettingsFactoryConfiguration.class,
						"migrationSettingsFactory"),
				Arguments.of(MigrationMethods.class, UserMethodsConfiguration.class, "migrationMethods"),
				Arguments.of(MigrationConfigRefresher.class, UserRefresherConfiguration.class,
						"migrationConfigRefresher"),
				Arguments.of(PhasedMigrationAdvisor.class, UserAdvisorConfiguration.class, "phasedMigrationAdvisor"),
				Arguments.of(MicrometerMigrationListener.class, UserMetricsListenerConfiguration.class,
						"micrometerMigrationListener"),
				Arguments.of(MigrationsEndpoint.class, UserEndpointConfiguration.class, "migrationsEndpoint"),
				Arguments.of(MigrationsEndpointWebExtension.class, UserWebExtensionConfiguration.class,
						"migrationsEndpointWebExtension"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("replaceableBeans")
	void userBeanReplacesTheAutoConfiguredOne(Class<?> type, Class<?> userConfiguration, String defaultName) {
		this.fullRunner.run((context) -> assertThat(context.getBeanNamesForType(type)).containsExactly(defaultName));
		this.fullRunner.withUserConfiguration(userConfiguration).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeanNamesForType(type)).as("only the user's bean").containsExactly("user");
			assertThat(context.getBean(type)).isSameAs(context.getBean("user"));
		});
	}

	@Test
	void userComparatorNamedMigrationResultComparatorReplacesTheDefaultOne() {
		this.fullRunner.withUserConfiguration(UserComparatorConfiguration.class, MethodLevelConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("migrationResultComparator")).isSameAs(UserComparatorConfiguration.COMPARATOR);
				assertThat(context).hasSingleBean(ResultComparator.class);
				Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
				assertThat(migration.settings().comparator()).isSameAs(UserComparatorConfiguration.COMPARATOR);
			});
	}

	@Test
	void comparatorBeanOfAnotherNameDoesNotReplaceTheDefault() {
		this.runner.withBean("pricingComparator", ResultComparator.class, () -> UserComparatorConfiguration.COMPARATOR)
			.withUserConfiguration(MethodLevelConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean("migrationResultComparator")).isInstanceOf(DeepEqualsComparator.class);
				Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
				assertThat(migration.settings().comparator()).isInstanceOf(DeepEqualsComparator.class);
			});
	}

	@Test
	void userModeResolverDecidesTheModeOfEveryCall() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withBean("user", ModeResolver.class, () -> (migration, call) -> MigrationMode.NEW)
			.run((context) -> {
				Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
				assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.OLD);
				assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hi Bob");
				assertThat(context.getBean(CallLog.class).count("old")).isZero();
			});
	}

	@Test
	void migrationListenerBeansReceiveEvents() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class, RecordingListenerConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				RecordingListener listener = context.getBean(RecordingListener.class);
				assertThat(listener.events).contains("registered greeting");
				context.getBean(OldGreeter.class).greet("Ann");
				eventually().until(() -> listener.events.contains("comparison greeting match"));
			});
	}

	// ---- user configurations, each with one bean named "user"

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		@Bean
		MigrationRegistry user() {
			return new MigrationRegistry(DiscrepancySettings.DEFAULTS, new CompositeMigrationListener(List.of()),
					Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEngineConfiguration {

		@Bean
		MigrationEngine user(MigrationRegistry registry, SecondaryExecutor executor, ModeResolver resolver,
				WriteJournal journal) {
			return new MigrationEngine(registry, executor, resolver, journal, TransactionHook.NONE, Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean
		SecondaryExecutor user() {
			return SecondaryExecutor.withDefaults();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserJournalConfiguration {

		@Bean
		WriteJournal user() {
			return new InMemoryWriteJournal();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTransactionHookConfiguration {

		@Bean
		TransactionHook user() {
			return (afterCommit, afterRollback) -> false;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserArgumentCodecsConfiguration {

		@Bean
		ArgumentCodecs user() {
			return new RenderedArgumentCodecs(100);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserJournalStatsConfiguration {

		@Bean
		JournalStatsCache user(WriteJournal journal) {
			return new JournalStatsCache(journal, java.time.Duration.ofSeconds(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserReconcilerConfiguration {

		@Bean
		Reconciler user(WriteJournal journal, MigrationRegistry registry) {
			return new Reconciler(journal, (id) -> null, registry, ReconcilerSettings.DEFAULTS, Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserReconcilerLifecycleConfiguration {

		@Bean
		ReconcilerLifecycle user(Reconciler reconciler, JournalStatsCache stats) {
			return new ReconcilerLifecycle(new ReconcilerLoop(reconciler, stats, java.time.Duration.ofSeconds(1),
					java.time.Duration.ofSeconds(1)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserModeResolverConfiguration {

		@Bean
		ModeResolver user() {
			return (migration, call) -> migration.effectiveMode();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSettingsFactoryConfiguration {

		@Bean
		MigrationSettingsFactory user(ConfigurableListableBeanFactory beanFactory) {
			return new MigrationSettingsFactory(beanFactory, new DeepEqualsComparator());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMethodsConfiguration {

		@Bean
		MigrationMethods user(ConfigurableListableBeanFactory beanFactory, MigrationRegistry registry,
				MigrationProperties properties, MigrationSettingsFactory settingsFactory) {
			return new MigrationMethods(beanFactory, registry, properties, settingsFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRefresherConfiguration {

		@Bean
		MigrationConfigRefresher user(Environment environment, MigrationRegistry registry,
				MigrationSettingsFactory settingsFactory) {
			return new MigrationConfigRefresher(environment, registry, settingsFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserAdvisorConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static PhasedMigrationAdvisor user(ObjectProvider<MigrationEngine> engine,
				ObjectProvider<MigrationMethods> methods) {
			return new PhasedMigrationAdvisor(new PhasedMigrationInterceptor(engine, methods));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsListenerConfiguration {

		@Bean
		MicrometerMigrationListener user(MeterRegistry registry, SecondaryExecutor executor) {
			return new MicrometerMigrationListener(registry, false, null, executor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		MigrationsEndpoint user(MigrationRegistry registry, MigrationMethods methods) {
			return new MigrationsEndpoint(registry, methods);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserWebExtensionConfiguration {

		@Bean
		MigrationsEndpointWebExtension user(MigrationsEndpoint endpoint) {
			return new MigrationsEndpointWebExtension(endpoint);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserComparatorConfiguration {

		static final ResultComparator COMPARATOR = (oldResult, newResult) -> List.of();

		@Bean
		ResultComparator migrationResultComparator() {
			return COMPARATOR;
		}

	}

	static class RecordingListener implements MigrationListener {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void onRegistered(Migration migration) {
			this.events.add("registered " + migration.name());
		}

		@Override
		public void onComparison(Migration migration, ComparisonResult result) {
			this.events.add("comparison " + migration.name() + " " + result.tag());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingListenerConfiguration {

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

}
