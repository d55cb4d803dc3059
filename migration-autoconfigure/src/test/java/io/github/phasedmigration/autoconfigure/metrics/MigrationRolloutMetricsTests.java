package io.github.phasedmigration.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;

import io.github.phasedmigration.autoconfigure.Greeters;
import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint;

/**
 * {@code migration.mode.percentage} follows the rollout in effect; {@code migration.rollbacks} exists from
 * the start.
 */
class MigrationRolloutMetricsTests {

	private final ApplicationContextRunner runner = MigrationRunners.runner()
		.withUserConfiguration(MethodLevelConfiguration.class)
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("management.endpoints.web.exposure.include=migrations",
				"migration.instances.greeting.mode=SHADOW");

	private static double percentage(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.get(MigrationMetrics.MODE_PERCENTAGE)
			.tag(MigrationMetrics.TAG_MIGRATION, Greeters.MIGRATION)
			.gauge()
			.value();
	}

	@Test
	void percentageGaugeFollowsTheRollout() {
		this.runner.run((context) -> {
			assertThat(percentage(context)).as("all calls by default").isEqualTo(100.0);
			MigrationsEndpoint endpoint = context.getBean(MigrationsEndpoint.class);

			endpoint.switchMode(Greeters.MIGRATION, "REVERSE_SHADOW", "5.5", null, null, true, "canary",
					SecurityContext.NONE);
			assertThat(percentage(context)).isEqualTo(5.5);

			endpoint.switchMode(Greeters.MIGRATION, null, "0.01", null, null, null, "fewer", SecurityContext.NONE);
			assertThat(percentage(context)).isEqualTo(0.01);

			endpoint.resetOverride(Greeters.MIGRATION, "back", SecurityContext.NONE);
			assertThat(percentage(context)).as("the declared rollout again").isEqualTo(100.0);
		});
	}

	@Test
	void percentageGaugeShowsTheDeclaredPercentageAndFollowsARefresh() {
		this.runner.withPropertyValues("migration.instances.greeting.percentage=12.5").run((context) -> {
			assertThat(percentage(context)).isEqualTo(12.5);

			Map<String, Object> refreshed = Map.of("migration.instances.greeting.percentage", "30");
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("refreshed", refreshed));
			context.publishEvent(new EnvironmentChangeEvent(context, refreshed.keySet()));

			assertThat(percentage(context)).isEqualTo(30.0);
		});
	}

	@Test
	void rollbacksCounterIsRegisteredAtZero() {
		this.runner.run((context) -> {
			Counter rollbacks = context.getBean(MeterRegistry.class)
				.get(MigrationMetrics.ROLLBACKS)
				.tag(MigrationMetrics.TAG_MIGRATION, Greeters.MIGRATION)
				.counter();
			assertThat(rollbacks.count()).isZero();
			assertThat(rollbacks.getId().getName()).isEqualTo("migration.rollbacks");
			assertThat(context.getBean(MeterRegistry.class).get("migration.mode.percentage").gauges()).hasSize(1);
		});
	}

}
