package io.github.phasedmigration.autoconfigure.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URLClassLoader;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.autoconfigure.ClassPathWithout;

/**
 * Actuator is optional for the engine: without it on the class path, the engine's
 * auto-configuration still starts and mode changes are still published as
 * {@link MigrationModeChangedEvent}s, just not as audit events. A {@code FilteredClassLoader}
 * cannot show this (the starter's classes come from the application class loader), so the
 * application runs in a class loader of the test class path without Actuator's jars.
 */
class MigrationEventPublisherWithoutActuatorTests {

	@Test
	void engineStartsAndPublishesChangesWithoutActuator() throws Exception {
		try (URLClassLoader withoutActuator = ClassPathWithout.artifacts("spring-boot-actuator",
				"spring-boot-actuator-autoconfigure")) {
			assertThatExceptionOfType(ClassNotFoundException.class).as("Actuator is not there")
				.isThrownBy(() -> withoutActuator
					.loadClass("org.springframework.boot.actuate.audit.listener.AuditApplicationEvent"));

			List<String> seen = ClassPathWithout.call(withoutActuator, WithoutActuator.class, "run");

			assertThat(seen).containsExactly("MigrationModeChangedEvent[greeting: OLD -> NEW by test]", "Hi Bob");
		}
	}

}
