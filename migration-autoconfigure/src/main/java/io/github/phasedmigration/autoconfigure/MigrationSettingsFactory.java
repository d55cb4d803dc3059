package io.github.phasedmigration.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;

import io.github.phasedmigration.autoconfigure.MigrationProperties.Defaults;
import io.github.phasedmigration.autoconfigure.MigrationProperties.Instance;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * Turns {@link MigrationProperties} into the settings of one migration: its own values where it
 * sets them, the defaults otherwise. Comparator classes resolve to the bean of that type when
 * there is exactly one, to a new instance otherwise.
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
		Defaults defaults = properties.getDefaults();
		Instance instance = properties.getInstances().getOrDefault(name, new Instance());
		Class<? extends ResultComparator> comparatorType = (instance.getComparator() != null)
				? instance.getComparator() : defaults.getComparator();
		String comparatorKey = (instance.getComparator() != null) ? "migration.instances." + name + ".comparator"
				: "migration.defaults.comparator";
		return new MigrationSettings(or(instance.getTimeout(), defaults.getTimeout()),
				or(instance.getFallback(), defaults.isFallback()),
				or(instance.getExceptionMessagesMatter(), defaults.isExceptionMessagesMatter()),
				or(instance.getCompareWriteResults(), defaults.isCompareWriteResults()),
				or(instance.getRaiseOnDiscrepancy(), defaults.isRaiseOnDiscrepancy()),
				(comparatorType != null) ? comparator(comparatorKey, comparatorType) : this.defaultComparator,
				or(instance.getJoinTransaction(), defaults.isJoinTransaction()));
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

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
