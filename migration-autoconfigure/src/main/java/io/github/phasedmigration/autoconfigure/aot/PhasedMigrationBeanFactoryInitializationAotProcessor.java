package io.github.phasedmigration.autoconfigure.aot;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.PhasedMigrationAnnotations;

/**
 * Finds the {@link PhasedMigration @PhasedMigration} methods among the application's bean
 * definitions at build time and registers the runtime hints that start-up and calls need in a
 * native image: the annotated and the new implementations' methods (called reflectively), the
 * members that migration keys read, the types that the journal writes as JSON and the comparator
 * walks, and the comparators named by class. Registered in {@code META-INF/spring/aot.factories}.
 *
 * <p>It looks at the beans as start-up does ({@code MigrationMethods}): every bean definition
 * that is neither infrastructure nor abstract, by its type, without creating it.
 */
public class PhasedMigrationBeanFactoryInitializationAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Binder configuration = configuration(beanFactory);
		List<MigratedMethod> migrated = new ArrayList<>();
		Set<String> migrations = new LinkedHashSet<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanType(beanFactory, beanName);
			if (type == null) {
				continue;
			}
			for (Map.Entry<Method, PhasedMigration> entry : PhasedMigrationAnnotations.migratedMethods(type).entrySet()) {
				PhasedMigration annotation = entry.getValue();
				migrations.add(annotation.name());
				migrated.add(new MigratedMethod(entry.getKey(), ClassUtils.getUserClass(type), annotation,
						newTypes(beanFactory, annotation.newImpl()),
						configured(configuration, "migration.instances." + annotation.name() + ".key")));
			}
		}
		Set<Class<?>> comparators = configuredComparators(configuration, migrations, beanFactory.getBeanClassLoader());
		if (migrated.isEmpty() && comparators.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			migrated.forEach((method) -> MigratedMethodHints.register(reflection, method));
			comparators.forEach((comparator) -> MigratedMethodHints.registerComparator(reflection, comparator));
		};
	}

	private static @Nullable Class<?> beanType(ConfigurableListableBeanFactory beanFactory, String beanName) {
		try {
			BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
			if (definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE || definition.isAbstract()) {
				return null;
			}
			return beanFactory.getType(beanName, false);
		}
		catch (RuntimeException ex) {
			return null; // a type that cannot be resolved at build time has no annotation to read either
		}
	}

	/** The types of the beans that start-up may pick as the new implementation. */
	private static List<Class<?>> newTypes(ConfigurableListableBeanFactory beanFactory, Class<?> newImpl) {
		List<Class<?>> types = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(newImpl, true, false)) {
			Class<?> type = beanFactory.getType(name, false);
			if (type != null) {
				types.add(type);
			}
		}
		return types;
	}

	/** Comparator classes named in the configuration the build sees, for the defaults and each migration. */
	private static Set<Class<?>> configuredComparators(@Nullable Binder configuration, Set<String> migrations,
			@Nullable ClassLoader classLoader) {
		List<String> keys = new ArrayList<>();
		keys.add("migration.defaults.comparator");
		migrations.forEach((name) -> keys.add("migration.instances." + name + ".comparator"));
		Set<Class<?>> comparators = new LinkedHashSet<>();
		for (String key : keys) {
			String className = configured(configuration, key);
			if (className != null && ClassUtils.isPresent(className, classLoader)) {
				comparators.add(ClassUtils.resolveClassName(className, classLoader));
			}
		}
		return comparators;
	}

	private static @Nullable Binder configuration(ConfigurableListableBeanFactory beanFactory) {
		Environment environment = beanFactory.getBeanProvider(Environment.class).getIfAvailable();
		return (environment instanceof ConfigurableEnvironment configurable) ? Binder.get(configurable) : null;
	}

	private static @Nullable String configured(@Nullable Binder configuration, String key) {
		try {
			return (configuration != null) ? configuration.bind(key, String.class).orElse(null) : null;
		}
		catch (RuntimeException ex) {
			return null; // a name the binder refuses: start-up reports the configuration's problems
		}
	}

}
