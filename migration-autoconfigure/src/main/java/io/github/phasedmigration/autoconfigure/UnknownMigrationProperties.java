package io.github.phasedmigration.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.core.env.Environment;

/**
 * Finds keys under {@code migration.instances.<name>} and {@code migration.defaults} that bind to
 * nothing, with Spring Boot's {@link NoUnboundElementsBindHandler}: a typo such as
 * {@code migration.instances.customer-source.mdoe} fails start-up (and a refresh is not applied),
 * naming the key and the keys known in its place, instead of leaving the migration in OLD.
 */
public final class UnknownMigrationProperties {

	private UnknownMigrationProperties() {
	}

	/**
	 * Checks the environment.
	 * @throws UnknownMigrationPropertiesException naming every unknown key
	 */
	public static void check(Environment environment) {
		List<String> problems = new ArrayList<>();
		Binder binder = Binder.get(environment);
		collect(problems, () -> binder.bind("migration.instances",
				Bindable.mapOf(String.class, MigrationInstanceProperties.class),
				new NoUnboundElementsBindHandler(BindHandler.DEFAULT)));
		collect(problems, () -> binder.bind("migration.defaults", Bindable.of(MigrationSettingsProperties.class),
				new NoUnboundElementsBindHandler(BindHandler.DEFAULT)));
		if (!problems.isEmpty()) {
			throw new UnknownMigrationPropertiesException(problems);
		}
	}

	private static void collect(List<String> problems, Runnable bind) {
		try {
			bind.run();
		}
		catch (BindException ex) {
			Throwable cause = ex.getCause();
			if (!(cause instanceof UnboundConfigurationPropertiesException unbound)) {
				return; // a value that does not convert: the properties' own binding reports it
			}
			for (ConfigurationProperty property : unbound.getUnboundProperties()) {
				problems.add(describe(property));
			}
		}
	}

	private static String describe(ConfigurationProperty property) {
		ConfigurationPropertyName name = property.getName();
		boolean instance = name.toString().startsWith("migration.instances.");
		// migration.instances.<name>.<key>... or migration.defaults.<key>...
		int first = instance ? 3 : 2;
		Class<?> type = instance ? MigrationInstanceProperties.class : MigrationSettingsProperties.class;
		StringBuilder parent = new StringBuilder();
		for (int i = 0; i < first && i < name.getNumberOfElements(); i++) {
			parent.append((i > 0) ? "." : "").append(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
		}
		for (int i = first; i < name.getNumberOfElements() - 1; i++) {
			PropertyDescriptor nested = descriptor(type, name.getElement(i, ConfigurationPropertyName.Form.DASHED));
			if (nested == null || BeanUtils.isSimpleProperty(nested.getPropertyType())) {
				break;
			}
			type = nested.getPropertyType();
			parent.append('.').append(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
		}
		return name + " (from " + property.getOrigin() + ") is not a known key; known keys under " + parent + ": "
				+ String.join(", ", knownKeys(type));
	}

	private static PropertyDescriptor descriptor(Class<?> type, String dashed) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (dashed(descriptor.getName()).equals(dashed)) {
				return descriptor;
			}
		}
		return null;
	}

	private static Set<String> knownKeys(Class<?> type) {
		Set<String> keys = new TreeSet<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() != null && !"class".equals(descriptor.getName())) {
				keys.add(dashed(descriptor.getName()));
			}
		}
		return keys;
	}

	private static String dashed(String camel) {
		StringBuilder dashed = new StringBuilder();
		for (char c : camel.toCharArray()) {
			if (Character.isUpperCase(c)) {
				dashed.append('-').append(Character.toLowerCase(c));
			}
			else {
				dashed.append(c);
			}
		}
		return dashed.toString();
	}

}
