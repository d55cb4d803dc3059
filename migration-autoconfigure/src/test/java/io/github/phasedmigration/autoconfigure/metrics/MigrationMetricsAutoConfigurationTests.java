package io.github.phasedmigration.autoconfigure.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.phasedmigration.autoconfigure.Greeters.AsyncConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.OldAsyncGreeter;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.autoconfigure.Greeters;
import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.PhasedMigrationAutoConfiguration;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.eventually;
import static io.github.phasedmigration.autoconfigure.MigrationRunners.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Migration metrics: when they are published, under which names and tags. */
class MigrationMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = MigrationRunners.runner()
		.withUserConfiguration(MethodLevelConfiguration.class);

	private final ApplicationContextRunner withRegistry = this.runner.withBean(SimpleMeterRegistry.class);

	private static Migration greeting(AssertableApplicationContext context) {
		return context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
	}

	// ---- conditions

	@Test
	void publishedWithAMeterRegistryBean() {
		this.withRegistry.run((context) -> {
			assertThat(context).hasSingleBean(MicrometerMigrationListener.class);
			assertThat(context.getBean(MeterRegistry.class).find(MigrationMetrics.MODE).gauges())
				.as("meters of a migration exist from its registration").hasSize(4);
		});
	}

	@Test
	void publishedWithTheMeterRegistryOfBootsMetricsAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MigrationMetricsAutoConfiguration.class,
					PhasedMigrationAutoConfiguration.class, AopAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					MetricsAutoConfiguration.class))
			.withUserConfiguration(MethodLevelConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MicrometerMigrationListener.class);
				context.getBean(OldGreeter.class).greet("Ann");
				assertThat(timer(context.getBean(MeterRegistry.class), "old", "primary", "success").count())
					.isEqualTo(1);
			});
	}

	@Test
	void notPublishedWithoutAMeterRegistryBean() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(MigrationEngine.class)
			.doesNotHaveBean(MicrometerMigrationListener.class));
	}

	@Test
	void notPublishedWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues("migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(MigrationEngine.class)
					.doesNotHaveBean(MicrometerMigrationListener.class);
				assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hi Bob");
			});
	}

	@Test
	void notPublishedWhenDisabled() {
		this.withRegistry.withPropertyValues("migration.metrics.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerMigrationListener.class);
			context.getBean(OldGreeter.class).greet("Ann");
			assertThat(context.getBean(MeterRegistry.class).getMeters())
				.noneMatch((meter) -> meter.getId().getName().startsWith("migration."));
		});
	}

	@Test
	void notPublishedWhenMigrationsAreDisabled() {
		this.withRegistry.withPropertyValues("migration.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerMigrationListener.class));
	}

	// ---- names and tags

	@Test
	void shadowCallsArePublishedWithTheContractsNamesAndTags() {
		this.withRegistry.withPropertyValues("migration.instances.greeting.mode=SHADOW").run((context) -> {
			OldGreeter greeter = context.getBean(OldGreeter.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(greeter.greet("Ann")).isEqualTo("Hello Ann");
			assertThat(greeter.greet("Bob")).isEqualTo("Hello Bob");
			eventually().until(() -> totalComparisons(greeting(context)) == 2);

			assertThat(timer(meters, "old", "primary", "success").count()).isEqualTo(2);
			eventually().until(() -> timer(meters, "new", "secondary", "success").count() == 2);
			assertThat(meters.find(MigrationMetrics.CALLS).tag("impl", "new").tag("role", "primary").timers())
				.allMatch((timer) -> timer.count() == 0);
			assertThat(comparisons(meters, "match").count()).isEqualTo(1);
			assertThat(comparisons(meters, "mismatch").count()).isEqualTo(1);
			assertThat(comparisons(meters, "timeout").count()).isZero();
			assertThat(comparisons(meters, "rejected").count()).isZero();
			assertThat(comparisons(meters, "error").count()).isZero();
			assertThat(meters.get(MigrationMetrics.DISCREPANCIES)
				.tags("migration", "greeting", "category", "value")
				.counter()
				.count()).isEqualTo(1);
			assertThat(meters.get(MigrationMetrics.FALLBACKS).tag("migration", "greeting").counter().count())
				.isZero();
			assertThat(meters.get(MigrationMetrics.RECONCILIATION_PENDING).gauge().value()).isZero();

			assertThat(meters.get(MigrationMetrics.CALLS).timers())
				.allSatisfy((timer) -> assertThat(tagKeys(timer)).containsExactlyInAnyOrder("migration", "impl",
						"role", "outcome"));
			assertThat(meters.get(MigrationMetrics.COMPARISONS).counters())
				.allSatisfy((counter) -> assertThat(tagKeys(counter)).containsExactlyInAnyOrder("migration", "result"));
		});
	}

	@Test
	void failuresAreTimedWithTheErrorOutcome() {
		this.withRegistry.withPropertyValues("migration.instances.greeting.mode=SHADOW").run((context) -> {
			OldGreeter greeter = context.getBean(OldGreeter.class);
			assertThatIllegalStateException().isThrownBy(() -> greeter.greet("fail"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(timer(meters, "old", "primary", "error").count()).isEqualTo(1);
			assertThat(meters.find(MigrationMetrics.CALLS).tags("impl", "old", "role", "primary", "outcome", "success")
				.timers()).allMatch((timer) -> timer.count() == 0);
		});
	}

	@Test
	void modeGaugeFollowsTheEffectiveMode() {
		this.withRegistry.withPropertyValues("migration.instances.greeting.mode=SHADOW").run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(modeGauges(meters)).containsExactlyInAnyOrderEntriesOf(
					Map.of("old", 0.0, "shadow", 1.0, "reverse-shadow", 0.0, "new", 0.0));

			greeting(context).override(MigrationMode.NEW, "test", null, null);

			assertThat(modeGauges(meters)).containsExactlyInAnyOrderEntriesOf(
					Map.of("old", 0.0, "shadow", 0.0, "reverse-shadow", 0.0, "new", 1.0));
		});
	}

	@Test
	void fallbacksAreCounted() {
		MigrationRunners.runner()
			.withUserConfiguration(AsyncConfiguration.class)
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("migration.instances.greeting.mode=REVERSE_SHADOW")
			.run((context) -> {
				CompletableFuture<String> result = context.getBean(OldAsyncGreeter.class).greetLater("new-fails");
				assertThat(result).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("Hello new-fails");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				eventually().until(() -> meters.get(MigrationMetrics.FALLBACKS).counter().count() == 1);
				assertThat(timer(meters, "new", "primary", "error").count()).isEqualTo(1);
			});
	}

	@Test
	void reconciliationGaugesReadTheJournalPerMigration() {
		InMemoryWriteJournal journal = new InMemoryWriteJournal();
		Instant created = Instant.now().minusSeconds(60);
		for (int i = 0; i < 3; i++) {
			journal.append(new NewJournalEntry(created, Greeters.MIGRATION, Impl.NEW, "Svc#save(long)", null, "[1]",
					new Object[] { 1L }, JournalCause.FAILED, "down"));
		}
		this.withRegistry.withBean(WriteJournal.class, () -> journal)
			.withPropertyValues("migration.journal.reconciler.enabled=false")
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get(MigrationMetrics.RECONCILIATION_PENDING)
					.tag(MigrationMetrics.TAG_MIGRATION, Greeters.MIGRATION)
					.gauge()
					.value()).isEqualTo(3.0);
				assertThat(meters.get(MigrationMetrics.RECONCILIATION_PARKED).gauge().value()).isZero();
				assertThat(meters.get(MigrationMetrics.RECONCILIATION_OLDEST_AGE).timeGauge().value(TimeUnit.SECONDS))
					.isGreaterThanOrEqualTo(60.0);
			});
	}

	@Test
	void argumentsAndResultsNeverBecomeTags() {
		this.withRegistry.withPropertyValues("migration.instances.greeting.mode=SHADOW").run((context) -> {
			context.getBean(OldGreeter.class).greet("Bob");
			eventually().until(() -> totalComparisons(greeting(context)) == 1);
			Set<String> tagValues = context.getBean(MeterRegistry.class)
				.getMeters()
				.stream()
				.flatMap((meter) -> meter.getId().getTags().stream())
				.map(Tag::getValue)
				.collect(Collectors.toSet());
			assertThat(tagValues).noneMatch((value) -> value.contains("Bob"));
		});
	}

	@Test
	void timersPublishAPercentileHistogramByDefault() {
		this.runner.withBean(MeterRegistry.class, ConfigRecordingMeterRegistry::new).run((context) -> {
			context.getBean(OldGreeter.class).greet("Ann");
			ConfigRecordingMeterRegistry meters = (ConfigRecordingMeterRegistry) context.getBean(MeterRegistry.class);
			assertThat(meters.callsConfig).isNotNull();
			assertThat(meters.callsConfig.isPercentileHistogram()).isTrue();
		});
	}

	@Test
	void percentileHistogramCanBeSwitchedOff() {
		this.runner.withBean(MeterRegistry.class, ConfigRecordingMeterRegistry::new)
			.withPropertyValues("migration.metrics.percentiles-histogram=false")
			.run((context) -> {
				context.getBean(OldGreeter.class).greet("Ann");
				ConfigRecordingMeterRegistry meters = (ConfigRecordingMeterRegistry) context
					.getBean(MeterRegistry.class);
				assertThat(meters.callsConfig).isNotNull();
				assertThat(meters.callsConfig.isPercentileHistogram()).isNotEqualTo(Boolean.TRUE);
			});
	}

	// ---- a broken registry

	@Test
	void aMeterRegistryThatThrowsNeverBreaksTheCaller() {
		this.runner.withBean(MeterRegistry.class, ThrowingMeterRegistry::new)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MicrometerMigrationListener.class);
				OldGreeter greeter = context.getBean(OldGreeter.class);
				assertThat(greeter.greet("Ann")).isEqualTo("Hello Ann");
				assertThat(greeter.greet("Bob")).isEqualTo("Hello Bob");
				eventually().until(() -> totalComparisons(greeting(context)) == 2);
				assertThatIllegalStateException().isThrownBy(() -> greeter.greet("fail")).withMessage("old failed");
			});
	}

	// ---- helpers

	private static Timer timer(MeterRegistry meters, String impl, String role, String outcome) {
		return meters.get(MigrationMetrics.CALLS)
			.tags("migration", "greeting", "impl", impl, "role", role, "outcome", outcome)
			.timer();
	}

	private static Counter comparisons(MeterRegistry meters, String result) {
		return meters.get(MigrationMetrics.COMPARISONS).tags("migration", "greeting", "result", result).counter();
	}

	private static Map<String, Double> modeGauges(MeterRegistry meters) {
		return meters.get(MigrationMetrics.MODE)
			.tag("migration", "greeting")
			.gauges()
			.stream()
			.collect(Collectors.toMap((gauge) -> gauge.getId().getTag("mode"), (gauge) -> gauge.value()));
	}

	private static Set<String> tagKeys(Meter meter) {
		return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
	}

	/** Keeps the distribution configuration that the migration.calls timer was created with. */
	static class ConfigRecordingMeterRegistry extends SimpleMeterRegistry {

		volatile DistributionStatisticConfig callsConfig;

		@Override
		protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
			if (id.getName().equals(MigrationMetrics.CALLS)) {
				this.callsConfig = config;
			}
			return super.newTimer(id, config, pauseDetector);
		}

	}

	/** Accepts gauges, but fails to create counters and timers, as a misbehaving registry might. */
	static class ThrowingMeterRegistry extends SimpleMeterRegistry {

		ThrowingMeterRegistry() {
			super(SimpleConfig.DEFAULT, Clock.SYSTEM);
		}

		@Override
		protected Counter newCounter(Meter.Id id) {
			throw new IllegalStateException("no counters today: " + id.getName());
		}

		@Override
		protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
			throw new IllegalStateException("no timers today: " + id.getName());
		}

		@Override
		protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config,
				double scale) {
			throw new IllegalStateException("no summaries today");
		}

		@Override
		protected TimeUnit getBaseTimeUnit() {
			return TimeUnit.SECONDS;
		}

	}

}
