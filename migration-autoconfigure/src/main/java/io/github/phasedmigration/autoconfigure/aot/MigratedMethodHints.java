package io.github.phasedmigration.autoconfigure.aot;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.springframework.aop.support.AopUtils;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.replay.MigrationKeyExpression;
import io.github.phasedmigration.core.compare.ResultComparator;

/**
 * Registers what start-up and calls of one migrated method do reflectively: find and call the
 * annotated method (the proxy calls old by reflection), find and call the new implementation's
 * method, read the key's path, write and read back a write's arguments as JSON, and walk the
 * records a read returns when comparing them.
 */
final class MigratedMethodHints {

	private static final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	private MigratedMethodHints() {
	}

	static void register(ReflectionHints reflection, MigratedMethod migrated) {
		Class<?> targetClass = migrated.targetClass();
		// the signature start-up checks and calls: a generic interface method resolves to the class's own
		Method specific = BridgeMethodResolver
			.findBridgedMethod(AopUtils.getMostSpecificMethod(migrated.method(), targetClass));
		reflection.registerMethod(migrated.method(), ExecutableMode.INVOKE);
		reflection.registerMethod(specific, ExecutableMode.INVOKE);
		// where the annotation may sit instead: the same method on an interface
		for (Class<?> ifc : ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
			Method declared = ClassUtils.getMethodIfAvailable(ifc, specific.getName(), specific.getParameterTypes());
			if (declared != null) {
				reflection.registerMethod(declared, ExecutableMode.INTROSPECT);
			}
		}
		PhasedMigration annotation = migrated.annotation();
		registerNewMethod(reflection, migrated, specific);
		Set<Type> bound = new LinkedHashSet<>();
		if (specific.getReturnType() != void.class) {
			// the default comparator walks returned records by their components
			collect(bound, ResolvableType.forMethodReturnType(specific, targetClass));
		}
		if (annotation.kind() == MigrationKind.WRITE) {
			// the durable journal writes the arguments as JSON, each as its declared type, and reads them back
			collectParameters(bound, specific, targetClass);
		}
		registerKey(reflection, migrated, specific, bound);
		bindings.registerReflectionHints(reflection, bound.toArray(Type[]::new));
		if (annotation.comparator() != ResultComparator.class) {
			registerComparator(reflection, annotation.comparator());
		}
	}

	/** A comparator named by class is the bean of that type, or else created by the bean factory. */
	static void registerComparator(ReflectionHints reflection, Class<?> comparator) {
		reflection.registerType(comparator, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
				MemberCategory.INVOKE_PUBLIC_METHODS);
	}

	private static void registerNewMethod(ReflectionHints reflection, MigratedMethod migrated, Method specific) {
		PhasedMigration annotation = migrated.annotation();
		String name = annotation.newMethod().isEmpty() ? specific.getName() : annotation.newMethod();
		Set<Class<?>> types = new LinkedHashSet<>(migrated.newTypes());
		types.add(annotation.newImpl());
		for (Class<?> type : types) {
			// start-up looks the method up on the bean's class, and the call goes through it reflectively
			for (Class<?> candidate : new LinkedHashSet<>(List.of(type, ClassUtils.getUserClass(type)))) {
				Method newMethod = ClassUtils.getMethodIfAvailable(candidate, name, specific.getParameterTypes());
				if (newMethod != null && Modifier.isPublic(newMethod.getModifiers())) {
					reflection.registerMethod(newMethod, ExecutableMode.INVOKE);
				}
			}
		}
	}

	private static void registerKey(ReflectionHints reflection, MigratedMethod migrated, Method specific,
			Set<Type> bound) {
		String key = migrated.key();
		if (key == null || key.isBlank()) {
			return;
		}
		MigrationKeyExpression expression;
		try {
			expression = MigrationKeyExpression.compile(key, specific, migrated.targetClass());
		}
		catch (IllegalArgumentException ex) {
			return; // start-up fails on it with the full message; no hint makes it work
		}
		if (!expression.isPlainPath()) {
			// SpEL reads properties and calls methods by reflection: the parameters' bean properties at least
			collectParameters(bound, specific, migrated.targetClass());
			return;
		}
		for (Member member : expression.pathMembers()) {
			if (member instanceof Method method) {
				reflection.registerMethod(method, ExecutableMode.INVOKE);
			}
			else if (member instanceof Field field) {
				reflection.registerField(field);
			}
		}
	}

	private static boolean isContainerOfResults(Class<?> type) {
		return CompletionStage.class.isAssignableFrom(type) || type.getName().equals("reactor.core.publisher.Mono")
				|| type.getName().equals("reactor.core.publisher.Flux");
	}

	private static void collectParameters(Set<Type> bound, Method method, Class<?> targetClass) {
		for (int i = 0; i < method.getParameterCount(); i++) {
			collect(bound, ResolvableType.forMethodParameter(method, i, targetClass));
		}
	}

	/**
	 * The classes a type is made of, resolved against the target class: a {@code List<T>} of a
	 * generic superclass is a list of the subclass's type argument, which a plain {@link Type}
	 * would not say.
	 */
	private static void collect(Set<Type> classes, ResolvableType type) {
		Class<?> resolved = type.resolve();
		if (resolved != null && isContainerOfResults(resolved)) {
			// a CompletionStage, Mono or Flux is awaited, never compared or written: what it carries is
			for (ResolvableType generic : type.getGenerics()) {
				collect(classes, generic);
			}
			return;
		}
		if (resolved == null || !classes.add(resolved)) {
			return;
		}
		if (type.isArray()) {
			collect(classes, type.getComponentType());
		}
		for (ResolvableType generic : type.getGenerics()) {
			collect(classes, generic);
		}
	}

}
