package io.github.phasedmigration.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ReflectionUtils;

import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Finds the {@link PhasedMigration} that applies to a method of a bean: on the method itself or
 * on a method it implements (an interface's, as with repositories), else on the class or an
 * interface that declares the method (then every public method of that type belongs to it).
 */
final class PhasedMigrationAnnotations {

	private PhasedMigrationAnnotations() {
	}

	/** The annotation that applies, or {@code null}. */
	static @Nullable PhasedMigration find(Method method, @Nullable Class<?> targetClass) {
		Found found = findWithSource(method, targetClass);
		return (found != null) ? found.annotation() : null;
	}

	/** The annotation that applies and the type that declares it, or {@code null}. */
	static @Nullable Found findWithSource(Method method, @Nullable Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers())
				|| ReflectionUtils.isEqualsMethod(method) || ReflectionUtils.isHashCodeMethod(method)
				|| ReflectionUtils.isToStringMethod(method)) {
			return null; // Object's contract is never migrated
		}
		Method specific = (targetClass != null) ? AopUtils.getMostSpecificMethod(method, targetClass) : method;
		MergedAnnotation<PhasedMigration> onMethod = MergedAnnotations.from(specific, SearchStrategy.TYPE_HIERARCHY)
			.get(PhasedMigration.class);
		if (onMethod.isPresent()) {
			Class<?> source = (onMethod.getSource() instanceof Method annotated) ? annotated.getDeclaringClass()
					: specific.getDeclaringClass();
			return new Found(onMethod.synthesize(), source);
		}
		if (!Modifier.isPublic(method.getModifiers())) {
			return null;
		}
		Class<?> type = (targetClass != null) ? targetClass : method.getDeclaringClass();
		MergedAnnotation<PhasedMigration> onType = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY)
			.get(PhasedMigration.class);
		if (!onType.isPresent() || !(onType.getSource() instanceof Class<?> annotatedType)) {
			return null;
		}
		// the class-level annotation covers the public methods that the annotated type declares
		Method declared = ReflectionUtils.findMethod(annotatedType, method.getName(), method.getParameterTypes());
		if (declared == null || declared.getDeclaringClass() == Object.class) {
			return null;
		}
		return new Found(onType.synthesize(), annotatedType);
	}

	/**
	 * An annotation and where it was declared.
	 * @param annotation the annotation
	 * @param declaringType the class or interface that carries it (on itself or on its method)
	 */
	record Found(PhasedMigration annotation, Class<?> declaringType) {
	}

}
