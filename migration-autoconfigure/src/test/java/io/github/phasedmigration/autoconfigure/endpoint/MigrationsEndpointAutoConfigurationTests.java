package io.github.phasedmigration.autoconfigure.endpoint;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.phasedmigration.autoconfigure.Greeters.CallLog;
import io.github.phasedmigration.autoconfigure.Greeters.InterfaceConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.autoconfigure.Greeters.WelcomeService;
import io.github.phasedmigration.autoconfigure.Greeters;
import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.MigrationDescriptor;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.registry.MigrationRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** When the {@code migrations} endpoint exists, and what switching through it does. */
class MigrationsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = MigrationRunners.runner()
		.withUserConfiguration(MethodLevelConfiguration.class);

	@Test
	void notAvailableUnlessExposed() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(MigrationEngine.class)
			.doesNotHaveBean(MigrationsEndpoint.class)
			.doesNotHaveBean(MigrationsEndpointWebExtension.class));
	}

	@Test
	void notAvailableWhenOnlyOtherEndpointsAreExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,info")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class));
	}

	@Test
	void availableWhenExposedOverTheWeb() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=migrations")
			.run((context) -> assertThat(context).hasSingleBean(MigrationsEndpoint.class)
				.hasSingleBean(MigrationsEndpointWebExtension.class));
	}

	@Test
	void availableWhenEverythingIsExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasSingleBean(MigrationsEndpoint.class));
	}

	@Test
	void availableWhenExposedOverJmx() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=migrations")
			.run((context) -> assertThat(context).hasSingleBean(MigrationsEndpoint.class));
	}

	@Test
	void notAvailableWhenExcluded() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=*",
					"management.endpoints.web.exposure.exclude=migrations")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class));
	}

	@Test
	void notAvailableWhenAccessIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=migrations",
					"management.endpoint.migrations.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class));
	}

	@Test
	void notAvailableWhenDefaultAccessIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=migrations",
					"management.endpoints.access.default=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class));
	}

	@Test
	void notCreatedWithoutActuatorButTheEngineStillWorks() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=migrations",
					"migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(MigrationEngine.class)
					.doesNotHaveBean(MigrationsEndpoint.class)
					.doesNotHaveBean(MigrationsEndpointWebExtension.class);
				assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hi Bob");
			});
	}

	@Test
	void notCreatedWhenMigrationsAreDisabled() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=migrations", "migration.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsEndpoint.class));
	}

	@Test
	void switchingThroughTheEndpointOverridesTheDeclaredModeUntilReset() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=migrations").run((context) -> {
			MigrationsEndpoint endpoint = context.getBean(MigrationsEndpoint.class);
			OldGreeter greeter = context.getBean(OldGreeter.class);

			MigrationDescriptor switched = endpoint.switchMode(Greeters.MIGRATION, "new", null, null, null, true, "ready",
					SecurityContext.NONE);

			assertThat(switched.declaredMode()).isEqualTo(MigrationMode.OLD);
			assertThat(switched.overrideMode()).isEqualTo(MigrationMode.NEW);
			assertThat(switched.effectiveMode()).isEqualTo(MigrationMode.NEW);
			assertThat(switched.history()).last().satisfies((change) -> {
				assertThat(change.source()).isEqualTo(MigrationsEndpoint.SOURCE);
				assertThat(change.reason()).isEqualTo("ready");
			});
			assertThat(greeter.greet("Bob")).isEqualTo("Hi Bob");

			MigrationDescriptor reset = endpoint.resetOverride(Greeters.MIGRATION, "rollback", SecurityContext.NONE);
			assertThat(reset.effectiveMode()).isEqualTo(MigrationMode.OLD);
			assertThat(greeter.greet("Bob")).isEqualTo("Hello Bob");
			assertThat(context.getBean(CallLog.class).count("new")).isEqualTo(1);
		});
	}

	@Test
	void listsEveryMigrationWithItsAnnotatedMethods() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=migrations").run((context) -> {
			context.getBean(OldGreeter.class).greet("Ann");
			MigrationsEndpoint.MigrationsDescriptor all = context.getBean(MigrationsEndpoint.class).migrations();
			assertThat(all.migrations()).containsOnlyKeys(Greeters.MIGRATION);
			assertThat(all.migrations().get(Greeters.MIGRATION).methods())
				.containsExactly("Greeters.OldGreeter.greet(String)");
		});
	}

	@Test
	void interfaceMethodIsListedOnceUnderItsBean() {
		MigrationRunners.runner()
			.withUserConfiguration(InterfaceConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=migrations")
			.run((context) -> {
				context.getBean(WelcomeService.class).welcome("Ann");
				assertThat(context.getBean(MigrationsEndpoint.class).migrations().migrations().get(Greeters.MIGRATION)
					.methods()).containsExactly("Greeters.OldInterfaceGreeter.greet(String)");
			});
	}

	@Test
	void webExtensionAnswers404ForAnUnknownMigrationAnd400ForAnUnknownMode() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=migrations").run((context) -> {
			MigrationsEndpointWebExtension extension = context.getBean(MigrationsEndpointWebExtension.class);

			WebEndpointResponse<Object> unknown = extension.migration("nope");
			assertThat(unknown.getStatus()).isEqualTo(404);
			assertThat(unknown.getBody()).asInstanceOf(InstanceOfAssertFactories.MAP)
				.extractingByKey("error")
				.asString()
				.contains("nope")
				.contains(Greeters.MIGRATION);

			WebEndpointResponse<Object> badMode = extension.switchMode(Greeters.MIGRATION, "FOO", null, null, null,
					null, null, SecurityContext.NONE);
			assertThat(badMode.getStatus()).isEqualTo(400);
			assertThat(badMode.getBody()).asInstanceOf(InstanceOfAssertFactories.MAP)
				.extractingByKey("allowedModes")
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactly("OLD", "SHADOW", "REVERSE_SHADOW", "NEW");
			assertThat(context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow().effectiveMode())
				.isEqualTo(MigrationMode.OLD);

			assertThat(extension.switchMode(Greeters.MIGRATION, " ", null, null, null, null, null, SecurityContext.NONE).getStatus())
				.isEqualTo(400);
			assertThat(extension.migration(Greeters.MIGRATION).getStatus()).isEqualTo(200);
		});
	}

}
