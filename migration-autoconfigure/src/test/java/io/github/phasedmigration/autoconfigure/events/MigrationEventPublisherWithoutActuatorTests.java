package io.github.phasedmigration.autoconfigure.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

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
		URL[] urls = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !Path.of(entry).getFileName().toString().startsWith("spring-boot-actuator"))
			.map(MigrationEventPublisherWithoutActuatorTests::url)
			.toArray(URL[]::new);
		try (URLClassLoader withoutActuator = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class).as("Actuator is not there")
				.isThrownBy(() -> withoutActuator
					.loadClass("org.springframework.boot.actuate.audit.listener.AuditApplicationEvent"));

			List<String> seen = runIn(withoutActuator);

			assertThat(seen).containsExactly("MigrationModeChangedEvent[greeting: OLD -> NEW by test]", "Hi Bob");
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> runIn(ClassLoader loader) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			return (List<String>) loader.loadClass(WithoutActuator.class.getName()).getMethod("run").invoke(null);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static URL url(String entry) {
		try {
			return Path.of(entry).toUri().toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
