package io.github.phasedmigration.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;

import io.github.phasedmigration.core.InvalidSettingException;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * Turns {@link MigrationProperties} into the settings of one migration: its own values where it
 * sets them, the defaults otherwise; {@link MigrationSettings} checks them. Comparator classes
 * resolve to the bean of that type when there is exactly one, to a new instance otherwise.
 */
public class MigrationSettingsFactory {

	private final AutowireCapableBeanFactory beanFactory;

	private final ResultComparator defaultComparator;

	private final Map<Class<?>, ResultComparator> comparators = new ConcurrentHashMap<>();

	public MigrationSettingsFactory(AutowireCapableBeanFactory beanFactory, ResultComparator defaultComparator) {
		this.beanFactory = beanFactory;
		this.defaultComparator = defaultComparator;
	}

	/** The settings of a migration as the properties say. */
	public MigrationSettings settings(MigrationProperties properties, String name) {
		Class<? extends ResultComparator> type = properties.valueOf(name, MigrationSettingsProperties::getComparator);
		ResultComparator comparator = (type != null)
				? comparator(properties.keyPrefix(name, "comparator") + "comparator", type) : this.defaultComparator;
		return properties.named(name, () -> settings(properties, name, comparator));
	}

	/**
	 * The settings of a migration with the given comparator.
	 * @throws InvalidSettingException naming the setting that {@link MigrationSettings} rejects
	 */
	static MigrationSettings settings(MigrationProperties properties, String name, ResultComparator comparator) {
		return new MigrationSettings(properties.valueOf(name, MigrationSettingsProperties::getTimeout),
				flag(properties, name, MigrationSettingsProperties::getFallback),
				flag(properties, name, MigrationSettingsProperties::getExceptionMessagesMatter),
				flag(properties, name, MigrationSettingsProperties::getCompareWriteResults),
				flag(properties, name, MigrationSettingsProperties::getRaiseOnDiscrepancy), comparator,
				flag(properties, name, MigrationSettingsProperties::getJoinTransaction));
	}

	private static boolean flag(MigrationProperties properties, String name,
			Function<MigrationSettingsProperties, @Nullable Boolean> flag) {
		return Boolean.TRUE.equals(properties.valueOf(name, flag));
	}

	private ResultComparator comparator(String key, Class<? extends ResultComparator> type) {
		if (!ResultComparator.class.isAssignableFrom(type)) {
			throw new IllegalArgumentException(key + " = " + type.getName() + " does not implement "
					+ ResultComparator.class.getName());
		}
		try {
			return comparator(type);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(key + " = " + type.getName() + " cannot be created: " + ex.getMessage(),
					ex);
		}
	}

	/** The comparator of that type: the bean when there is exactly one, a new instance otherwise. */
	public ResultComparator comparator(Class<? extends ResultComparator> type) {
		return this.comparators.computeIfAbsent(type, (key) -> {
			if (this.beanFactory instanceof ListableBeanFactory listable) {
				String[] names = listable.getBeanNamesForType(type);
				if (names.length == 1) {
					return listable.getBean(names[0], ResultComparator.class);
				}
			}
			return this.beanFactory.createBean(type);
		});
	}

}
