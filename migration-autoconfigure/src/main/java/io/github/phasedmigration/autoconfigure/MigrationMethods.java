package io.github.phasedmigration.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.replay.ArgumentCodecs;
import io.github.phasedmigration.autoconfigure.replay.BeanReplayTarget;
import io.github.phasedmigration.autoconfigure.replay.JournaledWriteMethod;
import io.github.phasedmigration.autoconfigure.replay.MigrationKeyExpression;
import io.github.phasedmigration.autoconfigure.replay.RenderedArgumentCodecs;
import io.github.phasedmigration.core.ResultShape;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.journal.ReplayTarget;
import io.github.phasedmigration.core.journal.ReplayTargets;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.rollout.Rollout;

/**
 * Knows every annotated method of the application. At start-up (once all singletons exist) it
 * finds them in all bean types, checks each against its new implementation and registers its
 * migration; any problem fails start-up, all problems listed at once. Methods of beans created
 * later are resolved on their first call.
 */
public class MigrationMethods implements SmartInitializingSingleton, ReplayTargets {

	private static final Log logger = LogFactory.getLog(MigrationMethods.class);

	/** Longest migration name the journal stores. */
	static final int MAX_NAME_LENGTH = 100;

	private final ConfigurableListableBeanFactory beanFactory;

	private final MigrationRegistry registry;

	private final MigrationProperties properties;

	private final MigrationSettingsFactory settingsFactory;

	private final ArgumentCodecs codecs;

	private final ConcurrentMap<MethodKey, Optional<MigrationMethod>> methods = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, ReplayTarget> replayTargets = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, String> replayBeanNames = new ConcurrentHashMap<>();

	/**
	 * Methods whose journal entries hold their arguments as the codecs say.
	 * @param codecs how write arguments are journaled; its problems with a write method fail start-up
	 */
	public MigrationMethods(ConfigurableListableBeanFactory beanFactory, MigrationRegistry registry,
			MigrationProperties properties, MigrationSettingsFactory settingsFactory, ArgumentCodecs codecs) {
		this.beanFactory = beanFactory;
		this.registry = registry;
		this.properties = properties;
		this.settingsFactory = settingsFactory;
		this.codecs = codecs;
	}

	/** Methods whose journal entries are only rendered (the in-memory journal). */
	public MigrationMethods(ConfigurableListableBeanFactory beanFactory, MigrationRegistry registry,
			MigrationProperties properties, MigrationSettingsFactory settingsFactory) {
		this(beanFactory, registry, properties, settingsFactory,
				new RenderedArgumentCodecs(properties.getDiscrepancies().getMaxRenderedLength()));
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> problems = new ArrayList<>();
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanType(beanName);
			if (type == null) {
				continue;
			}
			for (Method method : PhasedMigrationAnnotations.candidateMethods(type)) {
				try {
					MigrationMethod resolved = resolve(method, ClassUtils.getUserClass(type));
					if (resolved != null && resolved.writeMethod() != null) {
						registerReplayTarget(beanName, method, resolved);
					}
				}
				catch (InvalidDeclarationException ex) {
					if (!problems.contains(ex.getMessage())) {
						problems.add(ex.getMessage());
					}
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new MigrationDefinitionException(problems);
		}
		warnAboutUnusedConfiguration();
	}

	/**
	 * The resolved migration method, or {@code null} when the method is not migrated.
	 * @throws InvalidDeclarationException when the declaration cannot work
	 */
	@Nullable MigrationMethod resolve(Method method, Class<?> targetClass) {
		MethodKey key = new MethodKey(method, targetClass);
		Optional<MigrationMethod> resolved = this.methods.get(key);
		if (resolved == null) {
			resolved = Optional.ofNullable(build(method, targetClass));
			this.methods.putIfAbsent(key, resolved);
		}
		return resolved.orElse(null);
	}

	/**
	 * The resolved migration method for a call, or {@code null} when the method is not migrated or
	 * its declaration cannot work: a bean created after start-up with a broken declaration keeps
	 * running old, and says so once.
	 */
	@Nullable MigrationMethod resolveForCall(Method method, Class<?> targetClass) {
		try {
			return resolve(method, targetClass);
		}
		catch (InvalidDeclarationException ex) {
			if (this.methods.putIfAbsent(new MethodKey(method, targetClass), Optional.empty()) == null) {
				logger.error("Calls keep running the old implementation: " + ex.getMessage());
			}
			return null;
		}
	}

	@Override
	public @Nullable ReplayTarget find(String methodId) {
		return this.replayTargets.get(methodId);
	}

	private void registerReplayTarget(String beanName, Method method, MigrationMethod resolved) {
		JournaledWriteMethod writeMethod = Objects.requireNonNull(resolved.writeMethod());
		Object bean = this.beanFactory.getBean(beanName);
		BeanReplayTarget target = new BeanReplayTarget(bean, method, resolved.newBean(), resolved.newMethod(),
				writeMethod);
		BeanReplayTarget existing = (BeanReplayTarget) this.replayTargets.putIfAbsent(writeMethod.id(), target);
		String existingName = this.replayBeanNames.putIfAbsent(writeMethod.id(), beanName);
		if (existing != null && existing.oldBean() != bean) {
			// the journal names a write by class and method: it could not tell these beans' entries apart
			throw new InvalidDeclarationException("@PhasedMigration(name = \"" + resolved.migration().name()
					+ "\") on " + resolved.description() + ": several beans of this class have migrated write methods ('"
					+ existingName + "' and '" + beanName + "'), and a journaled write of one could be replayed on the "
					+ "other; give each its own class");
		}
	}

	/** Names of the annotated methods of each migration, for the endpoint. */
	public Map<String, Set<String>> methodsByMigration() {
		Map<String, Set<String>> result = new LinkedHashMap<>();
		this.methods.values()
			.stream()
			.flatMap(Optional::stream)
			.forEach((method) -> result.computeIfAbsent(method.migration().name(), (name) -> new TreeSet<>())
				.add(method.description()));
		return result;
	}

	private @Nullable MigrationMethod build(Method method, Class<?> targetClass) {
		PhasedMigrationAnnotations.Found found = PhasedMigrationAnnotations.findWithSource(method, targetClass);
		if (found == null) {
			return null;
		}
		PhasedMigration annotation = found.annotation();
		String description = ClassUtils.getShortName(ClassUtils.getUserClass(targetClass)) + "."
				+ method.getName() + Arrays.stream(BridgeMethodResolver
					.findBridgedMethod(AopUtils.getMostSpecificMethod(method, targetClass))
					.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"));
		String where = "@PhasedMigration(name = \"" + annotation.name() + "\", newImpl = "
				+ annotation.newImpl().getName() + ") on " + description;
		if (annotation.newImpl().isAssignableFrom(found.declaringType())) {
			throw new InvalidDeclarationException(where + ": newImpl is the annotated type "
					+ found.declaringType().getName() + " itself or one of its supertypes, so it names no new "
					+ "implementation; point newImpl at the new implementation's class");
		}
		if (annotation.newImpl().isAssignableFrom(targetClass)) {
			return null; // the new implementation itself, inheriting the annotation from a shared interface
		}
		if (!MigrationProperties.NAME_PATTERN.matcher(annotation.name()).matches()) {
			throw new InvalidDeclarationException(where + ": the name is not allowed; use lower-case letters, digits "
					+ "and single dashes, e.g. customer-source");
		}
		// a generic interface method resolves to the implementation's own signature
		Method specific = BridgeMethodResolver.findBridgedMethod(AopUtils.getMostSpecificMethod(method, targetClass));
		if (Proxy.isProxyClass(targetClass)) {
			specific = method; // a JDK proxy: its methods are final by construction and intercepted anyway
		}
		if (!Modifier.isPublic(specific.getModifiers())) {
			throw new InvalidDeclarationException(where + ": the method is not public, and Spring's proxies only "
					+ "intercept public methods called from other beans; make it public");
		}
		if (Modifier.isFinal(specific.getModifiers())) {
			throw new InvalidDeclarationException(where + ": the method is final, and class-based proxies cannot "
					+ "intercept it; remove final");
		}
		Class<?> newType = annotation.newImpl();
		Object newBean = newBean(where, newType);
		String newMethodName = annotation.newMethod().isEmpty() ? method.getName() : annotation.newMethod();
		Method newMethod = ClassUtils.getMethodIfAvailable(newBean.getClass(), newMethodName,
				specific.getParameterTypes());
		String signature = newMethodName + Arrays.stream(specific.getParameterTypes())
			.map(Class::getName)
			.collect(Collectors.joining(", ", "(", ")"));
		if (newMethod == null || !Modifier.isPublic(newMethod.getModifiers())) {
			throw new InvalidDeclarationException(where + ": newImpl " + newType.getName() + " has no public method "
					+ signature + "; add it, or set newMethod to the name of the method to call");
		}
		Class<?> oldReturn = specific.getReturnType();
		Class<?> newReturn = newMethod.getReturnType();
		if (oldReturn != void.class && !ClassUtils.isAssignable(oldReturn, newReturn)) {
			throw new InvalidDeclarationException(where + ": " + newType.getName() + "." + signature + " returns "
					+ newReturn.getName() + ", which is not assignable to " + oldReturn.getName()
					+ "; make the new method return " + oldReturn.getSimpleName() + " or a subtype");
		}
		ResolvableType oldGeneric = ResolvableType.forMethodReturnType(specific, targetClass);
		// a class-based proxy's methods carry no generic signature: read the new bean's own class
		Class<?> newUserClass = AopProxyUtils.ultimateTargetClass(newBean);
		ResolvableType newGeneric = ResolvableType
			.forMethodReturnType(AopUtils.getMostSpecificMethod(newMethod, newUserClass), newUserClass);
		if (oldReturn != void.class && oldGeneric.hasGenerics() && !newGeneric.hasUnresolvableGenerics()
				&& !oldGeneric.isAssignableFrom(newGeneric)) {
			throw new InvalidDeclarationException(where + ": " + newType.getName() + "." + signature + " returns "
					+ newGeneric + ", which is not assignable to " + oldGeneric + "; make the new method return "
					+ oldGeneric + " or a subtype");
		}
		ResultShape shape = ReturnTypes.shape(where, oldReturn, annotation.kind());
		MigrationSettings settings;
		try {
			settings = this.settingsFactory.settings(this.properties, annotation.name());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDeclarationException(where + ": " + ex.getMessage());
		}
		ResultComparator comparator = (annotation.comparator() != ResultComparator.class)
				? this.settingsFactory.comparator(annotation.comparator()) : null;
		Function<Object[], @Nullable String> key = key(where, annotation, specific, targetClass);
		JournaledWriteMethod writeMethod = null;
		if (annotation.kind() == MigrationKind.WRITE) {
			List<String> codecProblems = this.codecs.problems(specific, targetClass);
			if (!codecProblems.isEmpty()) {
				throw new InvalidDeclarationException(where + ": the reconciliation journal could not store and read "
						+ "back its arguments: " + String.join("; ", codecProblems));
			}
			String id = JournaledWriteMethod.idOf(targetClass, specific);
			if (id.length() > JournaledWriteMethod.MAX_ID_LENGTH || annotation.name().length() > MAX_NAME_LENGTH) {
				throw new InvalidDeclarationException(where + ": the journal names a write by its migration (at most "
						+ MAX_NAME_LENGTH + " characters) and its method id (at most " + JournaledWriteMethod.MAX_ID_LENGTH
						+ "), and " + id + " is longer; shorten the migration's name or the method's signature");
			}
			writeMethod = new JournaledWriteMethod(id, key, this.codecs.forMethod(specific, targetClass));
		}
		Rollout rollout;
		CriteriaSettings criteria;
		try {
			rollout = MigrationRolloutSettings.rollout(this.properties, annotation.name());
			criteria = MigrationRolloutSettings.criteria(this.properties, annotation.name());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDeclarationException(where + ": " + ex.getMessage());
		}
		Migration migration = this.registry.register(annotation.name(), rollout, settings);
		migration.updateCriteria(criteria);
		ReflectionUtils.makeAccessible(newMethod);
		return new MigrationMethod(migration, description, annotation.kind(), shape, newBean, newMethod, comparator,
				writeMethod, (key != null) ? key::apply : null);
	}

	/** The compiled migration key of a method: its annotation's, else its migration's, else none. */
	private @Nullable Function<Object[], @Nullable String> key(String where, PhasedMigration annotation,
			Method method, Class<?> targetClass) {
		String expression = annotation.key();
		String source = "@PhasedMigration(key = ...)";
		if (expression.isBlank()) {
			MigrationInstanceProperties instance = this.properties.getInstances().get(annotation.name());
			expression = (instance != null) ? instance.getKey() : null;
			source = "migration.instances." + annotation.name() + ".key";
		}
		if (expression == null || expression.isBlank()) {
			return null;
		}
		try {
			MigrationKeyExpression compiled = MigrationKeyExpression.compile(expression, method, targetClass);
			return compiled::key;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDeclarationException(where + ": " + source + " cannot be used: " + ex.getMessage());
		}
	}

	private Object newBean(String where, Class<?> newType) {
		String[] names = BeanFactoryUtils.beanNamesForTypeIncludingAncestors(this.beanFactory, newType);
		if (names.length == 0) {
			throw new InvalidDeclarationException(where + ": no bean of newImpl type " + newType.getName()
					+ "; declare one (e.g. annotate the class with @Component or add a @Bean method)");
		}
		try {
			return this.beanFactory.getBean(newType);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new InvalidDeclarationException(where + ": " + names.length + " beans of newImpl type "
					+ newType.getName() + " " + Arrays.toString(names)
					+ "; mark one @Primary or point newImpl at a more specific type");
		}
	}

	private @Nullable Class<?> beanType(String beanName) {
		BeanDefinition definition = this.beanFactory.getBeanDefinition(beanName);
		if (definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE || definition.isAbstract()) {
			return null;
		}
		try {
			Class<?> type = this.beanFactory.getType(beanName, false);
			if (type != null && Proxy.isProxyClass(type) && this.beanFactory.containsSingleton(beanName)) {
				// a JDK proxy (a repository, or proxy-target-class=false): look at what it stands for
				Object singleton = this.beanFactory.getSingleton(beanName);
				return (singleton != null) ? AopProxyUtils.ultimateTargetClass(singleton) : type;
			}
			return type;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private void warnAboutUnusedConfiguration() {
		for (String name : this.properties.getInstances().keySet()) {
			if (this.registry.find(name).isEmpty()) {
				logger.warn("migration.instances." + name + " is configured, but no @PhasedMigration(name = \"" + name
						+ "\") was found on any bean; known migrations: " + this.registry.all()
							.stream()
							.map(Migration::name)
							.toList());
			}
		}
	}

	private record MethodKey(Method method, Class<?> targetClass) {
	}

	/** One declaration that cannot work. */
	static class InvalidDeclarationException extends RuntimeException {

		InvalidDeclarationException(String message) {
			super(message);
		}

	}

}
