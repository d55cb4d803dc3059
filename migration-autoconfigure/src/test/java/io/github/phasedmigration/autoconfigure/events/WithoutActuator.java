package io.github.phasedmigration.autoconfigure.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.autoconfigure.Greeters;
import io.github.phasedmigration.autoconfigure.PhasedMigrationAutoConfiguration;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.registry.MigrationRegistry;

/**
 * An application of the engine alone, run by {@link MigrationEventPublisherWithoutActuatorTests} in a
 * class loader without Actuator: only JDK types cross into and out of it.
 */
public final class WithoutActuator {

	private WithoutActuator() {
	}

	/**
	 * Starts the application, switches the greeting to NEW and calls it.
	 * @return the start-up failure, or what the call answered and the events published
	 */
	public static List<String> run() {
		List<String> seen = new CopyOnWriteArrayList<>();
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(AopAutoConfiguration.class, PhasedMigrationAutoConfiguration.class))
			.withUserConfiguration(Greeters.MethodLevelConfiguration.class)
			.withInitializer((context) -> context.addApplicationListener(changesInto(seen)))
			.run((context) -> {
				if (context.getStartupFailure() != null) {
					seen.add("failed: " + context.getStartupFailure());
					return;
				}
				context.getBean(MigrationRegistry.class)
					.find(Greeters.MIGRATION)
					.orElseThrow()
					.override(MigrationMode.NEW, "test", "alice", "no actuator here");
				seen.add(context.getBean(OldGreeter.class).greet("Bob"));
			});
		return List.copyOf(seen);
	}

	private static ApplicationListener<ApplicationEvent> changesInto(List<String> seen) {
		return (event) -> {
			if (event instanceof MigrationModeChangedEvent changed) {
				seen.add(changed.toString());
			}
		};
	}

}
