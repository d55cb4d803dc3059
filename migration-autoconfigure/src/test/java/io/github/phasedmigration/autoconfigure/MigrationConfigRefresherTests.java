package io.github.phasedmigration.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MapPropertySource;

import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.ModeChange;

import static org.assertj.core.api.Assertions.assertThat;

/** A configuration refresh (Spring Cloud's EnvironmentChangeEvent) applies without restart. */
@ExtendWith(OutputCaptureExtension.class)
class MigrationConfigRefresherTests {

	private final ApplicationContextRunner runner = MigrationRunners.runner()
		.withUserConfiguration(MethodLevelConfiguration.class)
		.withPropertyValues("migration.instances.greeting.mode=SHADOW");

	private static Migration greeting(AssertableApplicationContext context) {
		return context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
	}

	/** What Spring Cloud does on a refresh: new property values first, then the event. */
	private static void refresh(AssertableApplicationContext context, Map<String, Object> properties) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("refreshed-" + System.nanoTime(), properties));
		context.publishEvent(new EnvironmentChangeEvent(context, properties.keySet()));
	}

	@Test
	void refreshChangesTheDeclaredModeWithoutRestart() {
		this.runner.run((context) -> {
			OldGreeter greeter = context.getBean(OldGreeter.class);
			assertThat(greeter.greet("Bob")).isEqualTo("Hello Bob");

			refresh(context, Map.of("migration.instances.greeting.mode", "NEW"));

			Migration migration = greeting(context);
			assertThat(migration.declaredMode()).isEqualTo(MigrationMode.NEW);
			assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.NEW);
			assertThat(greeter.greet("Bob")).isEqualTo("Hi Bob");
			ModeChange last = migration.history().get(migration.history().size() - 1);
			assertThat(last.source()).isEqualTo("refresh");
			assertThat(last.action()).isEqualTo("declare");
			assertThat(last.from()).isEqualTo(MigrationMode.SHADOW);
			assertThat(last.to()).isEqualTo(MigrationMode.NEW);
		});
	}

	@Test
	void refreshWithLenientModeValue() {
		this.runner.run((context) -> {
			refresh(context, Map.of("migration.instances.greeting.mode", "reverse-shadow"));
			assertThat(greeting(context).declaredMode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
		});
	}

	@Test
	void refreshWithoutChangeRecordsNothing() {
		this.runner.run((context) -> {
			int before = greeting(context).history().size();
			refresh(context, Map.of("migration.instances.greeting.mode", "SHADOW"));
			assertThat(greeting(context).history()).hasSize(before);
		});
	}

	@Test
	void refreshChangesTheSettings() {
		this.runner.run((context) -> {
			assertThat(greeting(context).settings().timeout()).isEqualTo(Duration.ofSeconds(1));
			refresh(context, Map.of("migration.instances.greeting.timeout", "2s", "migration.defaults.fallback",
					"false"));
			assertThat(greeting(context).settings().timeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(greeting(context).settings().fallback()).isFalse();
		});
	}

	@Test
	void invalidModeIsIgnoredAndLogged(CapturedOutput output) {
		this.runner.run((context) -> {
			refresh(context, Map.of("migration.instances.greeting.mode", "FOO"));

			Migration migration = greeting(context);
			assertThat(migration.declaredMode()).isEqualTo(MigrationMode.SHADOW);
			assertThat(migration.history()).noneMatch((change) -> "refresh".equals(change.source()));
			assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hello Bob");
		});
		assertThat(output).contains("ERROR")
			.contains("Refreshed migration configuration is invalid and was not applied")
			.contains("migration.instances.greeting.mode")
			.contains("FOO");
	}

	@Test
	void invalidValueIsIgnoredAsAWholeAndLogged(CapturedOutput output) {
		this.runner.run((context) -> {
			refresh(context, Map.of("migration.instances.greeting.mode", "NEW", "migration.instances.greeting.timeout",
					"0s"));

			Migration migration = greeting(context);
			assertThat(migration.declaredMode()).as("nothing of an invalid refresh applies")
				.isEqualTo(MigrationMode.SHADOW);
			assertThat(migration.settings().timeout()).isEqualTo(Duration.ofSeconds(1));
		});
		assertThat(output).contains("Refreshed migration configuration is invalid and was not applied")
			.contains("must be positive");
	}

	@Test
	void overrideStillWinsAfterRefresh() {
		this.runner.run((context) -> {
			Migration migration = greeting(context);
			migration.override(MigrationMode.NEW, "actuator", "alice", "new is ready");

			refresh(context, Map.of("migration.instances.greeting.mode", "OLD"));

			assertThat(migration.declaredMode()).isEqualTo(MigrationMode.OLD);
			assertThat(migration.overrideMode()).isEqualTo(MigrationMode.NEW);
			assertThat(migration.effectiveMode()).isEqualTo(MigrationMode.NEW);
			assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hi Bob");
			ModeChange last = migration.history().get(migration.history().size() - 1);
			assertThat(last.source()).isEqualTo("refresh");
			assertThat(last.reason()).contains("override NEW stays in effect");

			migration.resetOverride("actuator", "alice", "back to configuration");
			assertThat(migration.effectiveMode()).as("the refreshed declared mode").isEqualTo(MigrationMode.OLD);
			assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hello Bob");
		});
	}

	@Test
	void otherEventsAreIgnored() {
		this.runner.run((context) -> {
			MigrationConfigRefresher refresher = context.getBean(MigrationConfigRefresher.class);
			assertThat(refresher.supportsEventType(ResolvableType.forClass(EnvironmentChangeEvent.class))).isTrue();
			assertThat(refresher.supportsEventType(ResolvableType.forClass(SubclassedChangeEvent.class))).isTrue();
			assertThat(refresher.supportsEventType(ResolvableType.forClass(ApplicationEvent.class))).isFalse();

			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("changed", Map.of("migration.instances.greeting.mode", "NEW")));
			context.publishEvent(new UnrelatedEvent(context));

			assertThat(greeting(context).declaredMode()).isEqualTo(MigrationMode.SHADOW);
		});
	}

	static class SubclassedChangeEvent extends EnvironmentChangeEvent {

		SubclassedChangeEvent(Object source) {
			super(source, Set.of());
		}

	}

	static class UnrelatedEvent extends ApplicationEvent {

		UnrelatedEvent(Object source) {
			super(source);
		}

	}

}
