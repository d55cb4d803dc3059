package io.github.phasedmigration.autoconfigure.aot;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * An annotated method found among the bean definitions at build time, with what the build can
 * know of how it will be resolved at start-up.
 *
 * @param method the method as found on the bean's type
 * @param targetClass the bean's user class
 * @param annotation the annotation that applies
 * @param newTypes the types of the beans that can serve as its new implementation
 * @param configuredKey {@code migration.instances.<name>.key} at build time, used when the
 * annotation names no key
 */
record MigratedMethod(Method method, Class<?> targetClass, PhasedMigration annotation, List<Class<?>> newTypes,
		@Nullable String configuredKey) {

	/** The key that start-up compiles: the annotation's, else the configured one. */
	@Nullable String key() {
		return this.annotation.key().isBlank() ? this.configuredKey : this.annotation.key();
	}

}
