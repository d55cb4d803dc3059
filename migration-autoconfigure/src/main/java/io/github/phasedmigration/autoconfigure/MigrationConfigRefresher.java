package io.github.phasedmigration.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.ObjectError;

import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.rollout.Rollout;
import io.github.phasedmigration.core.switching.ModeSwitch;

/**
 * Applies changed configuration without a restart: on an {@code EnvironmentChangeEvent} (sent by
 * Spring Cloud's refresh) it binds {@code migration.*} anew and updates the declared mode and the
 * settings of every migration. Invalid new values are logged and ignored: the running
 * configuration stays. A runtime override keeps winning over the declared mode.
 */
public class MigrationConfigRefresher implements GenericApplicationListener {

	/** The event this listener reacts to; matched by name so that Spring Cloud stays optional. */
	public static final String ENVIRONMENT_CHANGE_EVENT = "org.springframework.cloud.context.environment.EnvironmentChangeEvent";

	private static final Log logger = LogFactory.getLog(MigrationConfigRefresher.class);

	private final Environment environment;

	private final MigrationRegistry registry;

	private final MigrationSettingsFactory settingsFactory;

	public MigrationConfigRefresher(Environment environment, MigrationRegistry registry,
			MigrationSettingsFactory settingsFactory) {
		this.environment = environment;
		this.registry = registry;
		this.settingsFactory = settingsFactory;
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		Class<?> type = eventType.toClass();
		while (type != null) {
			if (ENVIRONMENT_CHANGE_EVENT.equals(type.getName())) {
				return true;
			}
			type = type.getSuperclass();
		}
		return false;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		refresh();
	}

	/** Binds {@code migration.*} from the environment and applies it to all migrations. */
	public void refresh() {
		MigrationProperties properties;
		try {
			BindResult<MigrationProperties> bound = Binder.get(this.environment)
				.bind("migration", MigrationProperties.class);
			properties = bound.orElseGet(MigrationProperties::new);
		}
		catch (RuntimeException ex) {
			logger.error("Refreshed migration configuration is invalid and was not applied: "
					+ messageChain(ex));
			return;
		}
		try {
			UnknownMigrationProperties.check(this.environment);
		}
		catch (UnknownMigrationPropertiesException ex) {
			logger.error("Refreshed migration configuration is invalid and was not applied: " + ex.getProblems());
			return;
		}
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(properties, "migration");
		properties.validate(properties, errors);
		if (errors.hasErrors()) {
			// each message names the key, the value and what is allowed
			logger.error("Refreshed migration configuration is invalid and was not applied: " + errors.getAllErrors()
				.stream()
				.map(ObjectError::getDefaultMessage)
				.toList());
			return;
		}
		// every migration's new settings first, so that one bad value changes nothing at all
		Map<Migration, Refreshed> refreshed = new LinkedHashMap<>();
		try {
			for (Migration migration : this.registry.all()) {
				String name = migration.name();
				refreshed.put(migration, new Refreshed(this.settingsFactory.settings(properties, name),
						MigrationRolloutSettings.rollout(properties, name),
						MigrationRolloutSettings.criteria(properties, name)));
			}
		}
		catch (RuntimeException ex) {
			logger.error("Refreshed migration configuration is invalid and was not applied: " + messageChain(ex));
			return;
		}
		refreshed.forEach((migration, updated) -> {
			migration.updateSettings(updated.settings());
			migration.updateCriteria(updated.criteria());
			Readiness unmet = unmetReadiness(migration, updated.rollout());
			migration.declare(updated.rollout(), "refresh", unmet != null,
					(unmet != null) ? unmet.measurements() : Map.of());
		});
	}

	/**
	 * Configuration is the operator's word and applies; a step forward past unmet criteria is logged
	 * and recorded as forced, with the measured values.
	 * @return the unmet readiness, or {@code null} when the change is no such step
	 */
	private static @Nullable Readiness unmetReadiness(Migration migration, Rollout declared) {
		if (migration.overrideRollout() != null) {
			return null; // the override stays in effect: nothing moves
		}
		Readiness readiness = ModeSwitch.unmet(migration, migration.effectiveMode(), declared.mode());
		if (readiness == null) {
			return null;
		}
		logger.warn("Refreshed configuration moves migration '" + migration.name() + "' forward to " + declared
				+ " although its success criteria are not met (recorded as forced): " + readiness.describeUnmet());
		return readiness;
	}

	private record Refreshed(MigrationSettings settings, Rollout rollout, CriteriaSettings criteria) {
	}

	private static String messageChain(Throwable ex) {
		StringBuilder message = new StringBuilder(String.valueOf(ex.getMessage()));
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			message.append("; ").append(cause.getMessage());
		}
		return message.toString();
	}

}
