package io.github.phasedmigration.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Finds the {@link PhasedMigration} that applies to a method of a bean: on the method itself or
 * on a method it implements (an interface's, as with repositories), else on the class or an
 * interface that declares the method (then every public method of that type belongs to it).
 *
 * <p>Public for the ahead-of-time processing, which must find at build time the same methods
 * that start-up checks and the advisor intercepts:
 *
 * <pre class="code">
 * Map&lt;Method, PhasedMigration&gt; migrated = PhasedMigrationAnnotations.migratedMethods(beanType);
 * </pre>
 */
public final class PhasedMigrationAnnotations {

	private PhasedMigrationAnnotations() {
	}

	/**
	 * The methods of a bean type that a {@link PhasedMigration} covers, each with the annotation
	 * that applies; the new implementation's own methods are not among them.
	 * @param beanType the bean's type, a class-based proxy's as well as the user class
	 * @return the migrated methods, in declaration order; empty when there are none
	 */
	public static Map<Method, PhasedMigration> migratedMethods(Class<?> beanType) {
		Class<?> userClass = ClassUtils.getUserClass(beanType);
		Map<Method, PhasedMigration> migrated = new LinkedHashMap<>();
		for (Method method : candidateMethods(beanType)) {
			PhasedMigration annotation = find(method, userClass);
			if (annotation != null && !annotation.newImpl().isAssignableFrom(userClass)) {
				migrated.put(method, annotation);
			}
		}
		return migrated;
	}

	/**
	 * The methods of a bean type that may carry or inherit the annotation: the class's own and
	 * inherited ones and its interfaces', except Spring's and the JDK's.
	 */
	static Set<Method> candidateMethods(Class<?> type) {
		Set<Method> methods = new LinkedHashSet<>();
		Class<?> userClass = ClassUtils.getUserClass(type);
		if (!userClass.getName().startsWith("org.springframework.")
				&& !userClass.getName().startsWith("jdk.proxy") && !userClass.isSynthetic()) {
			methods.addAll(Arrays.asList(ReflectionUtils.getUniqueDeclaredMethods(userClass,
					(method) -> !method.isBridge() && method.getDeclaringClass() != Object.class)));
		}
		for (Class<?> ifc : ClassUtils.getAllInterfacesForClassAsSet(type)) {
			if (!ifc.getName().startsWith("org.springframework.") && !ifc.getName().startsWith("java.")) {
				methods.addAll(Arrays.asList(ifc.getMethods()));
			}
		}
		return methods;
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
