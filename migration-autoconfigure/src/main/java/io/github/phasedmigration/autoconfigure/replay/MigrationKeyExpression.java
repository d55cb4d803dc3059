package io.github.phasedmigration.autoconfigure.replay;

import java.beans.PropertyDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ResolvableType;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.ConstructorResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.IndexAccessor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.OperatorOverloader;
import org.springframework.expression.ParseException;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypeComparator;
import org.springframework.expression.TypeConverter;
import org.springframework.expression.TypeLocator;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.expression.spel.support.StandardTypeLocator;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * The migration key of an annotated method: a SpEL expression over the method's parameters by
 * name, checked once at start-up and evaluated on every call.
 *
 * <pre class="code">
 * MigrationKeyExpression key = MigrationKeyExpression.compile("#order.customerId", method);
 * String customer = key.key(arguments);
 * </pre>
 *
 * A plain path, a parameter followed by any number of properties ({@code #order},
 * {@code #order.customerId}, {@code #order.customer().id}, {@code #order?.customer?.id}), is
 * resolved against the parameter's declared type at start-up and read through method handles, with
 * no SpEL at call time; a {@code null} anywhere along the path makes the key {@code null}. Any
 * other expression ({@code #region + ':' + #id}) is evaluated by SpEL, which compiles it to
 * bytecode once it has run often enough; what SpEL cannot compile (adding a number to a string,
 * for one: {@code #region + ':' + #quantity.toString()} compiles) stays interpreted, at several
 * hundred nanoseconds a call. Keys are written by the application's developers, so the full SpEL
 * language is available, as for {@code @Cacheable} keys.
 *
 * <p>Why not Spring's {@code MethodBasedEvaluationContext}, which Resilience4j's
 * {@code SpelResolver} and Spring's cache abstraction evaluate their expressions in: it must be
 * created for every call (it holds the call's arguments), and at its first variable it asks for
 * the parameter names and puts every argument into a map under three names.
 * {@code KeyExpressionBenchmark} in the benchmarks module ({@code benchmarks/run.sh shortcuts}, section
 * "Shortcuts against the library path they replace" of its README) measured that path, the
 * expression parsed once and compiled, at about 260 ns a key, against 4 to 13 ns for this class,
 * next to a call through the starter that evaluates its key at about 350 ns
 * ({@code OverheadBenchmark.phasedStickyCanary}): about 70% of the call saved, where a shortcut
 * must save more than 5% of its call to stay (issue 15). Both evaluators here avoid that context:
 * a plain path through method handles, any other key compiled by SpEL in a per-call context of
 * this class that only looks the parameters up. Against the latter, the method handles are no
 * faster on a path whose arguments are always of one class (a few nanoseconds either way); they
 * are there for a parameter declared as an interface or a superclass whose calls bring different
 * classes, where compiled SpEL, bound to the class it compiled on, falls back to the interpreter
 * and compiles again (13 ns against about 500 ns in the same benchmark, {@code #shipment.id}),
 * and for the checks at start-up along the path's declared types.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MigrationKeyExpression {

	private static final ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

	private static final String IDENTIFIER = "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*";

	private static final Pattern PLAIN_PATH = Pattern
		.compile("#(" + IDENTIFIER + ")((?:\\??\\." + IDENTIFIER + "(?:\\(\\))?)*)");

	private static final Pattern PATH_STEP = Pattern.compile("\\??\\.(" + IDENTIFIER + ")(\\(\\))?");

	private static final Pattern REFERENCE = Pattern.compile("#(" + IDENTIFIER + ")");

	private static final MethodType ACCESSOR_TYPE = MethodType.methodType(Object.class, Object.class);

	private static final String PATH_STEPS_ALLOWED = "a step of a path is a getter (getX() or isX()), a record "
			+ "accessor or other public no-argument method (x or x()), or a public field";

	private final String expression;

	private final String description;

	private final Evaluator evaluator;

	private MigrationKeyExpression(String expression, String description, Evaluator evaluator) {
		this.expression = expression;
		this.description = description;
		this.evaluator = evaluator;
	}

	/**
	 * Checks the key against the method and prepares its evaluation.
	 * @param expression the key, e.g. {@code #order.customerId}
	 * @param method the annotated method whose arguments the key reads
	 * @return the compiled key
	 * @throws IllegalArgumentException when the key cannot be evaluated for that method, with a
	 * message naming the method, the key and what is allowed
	 */
	public static MigrationKeyExpression compile(String expression, Method method) {
		return compile(expression, method, method.getDeclaringClass());
	}

	/**
	 * Checks the key against the method as the target class sees it, so that a parameter declared
	 * as a type variable of a generic superclass resolves to the target class's type argument.
	 * @param expression the key, e.g. {@code #order.customerId}
	 * @param method the annotated method whose arguments the key reads
	 * @param targetClass the class of the bean the method is called on
	 * @return the compiled key
	 * @throws IllegalArgumentException when the key cannot be evaluated for that method, with a
	 * message naming the method, the key and what is allowed
	 */
	public static MigrationKeyExpression compile(String expression, Method method, Class<?> targetClass) {
		String description = describe(method);
		String key = expression.trim();
		String subject = "the key \"" + expression + "\" of " + description;
		if (key.isEmpty()) {
			throw new IllegalArgumentException(subject + " is empty; name a parameter, e.g. #"
					+ exampleParameter(method) + ", or leave the key out when the migration has none");
		}
		String @Nullable [] names = parameterNameDiscoverer.getParameterNames(method);
		Matcher plainPath = PLAIN_PATH.matcher(key);
		if (plainPath.matches()) {
			int index = parameterIndex(plainPath.group(1), names, subject, method);
			ResolvableType parameterType = ResolvableType.forMethodParameter(method, index, targetClass);
			List<Member> members = new ArrayList<>();
			MethodHandle[] accessors = accessors(plainPath.group(2), parameterType, subject, members);
			return new MigrationKeyExpression(expression, description,
					new PathEvaluator(index, accessors, List.copyOf(members)));
		}
		ClassLoader classLoader = method.getDeclaringClass().getClassLoader();
		SpelExpression spel = parse(key, classLoader, subject);
		checkReferences(spel.getAST(), names, subject, method);
		return new MigrationKeyExpression(expression, description,
				new SpelEvaluator(spel, (names != null) ? names : new String[0], sharedDelegates(classLoader)));
	}

	/**
	 * Evaluates the key for one call.
	 * @param arguments the call's arguments, in the method's parameter order
	 * @return the key's value as a string, or {@code null} when it is {@code null} (for a plain
	 * path, also when any step along it is)
	 * @throws IllegalStateException when a getter or the expression throws, with the exception as
	 * its cause
	 */
	public @Nullable String key(Object[] arguments) {
		Object value;
		try {
			value = this.evaluator.value(arguments);
		}
		catch (Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot evaluate the key \"" + this.expression + "\" of "
					+ this.description + ": " + ex, ex);
		}
		return (value != null) ? value.toString() : null;
	}

	/** The key as declared. */
	public String getExpression() {
		return this.expression;
	}

	/** Whether the key is a plain path, read without SpEL. */
	public boolean isPlainPath() {
		return this.evaluator instanceof PathEvaluator;
	}

	/**
	 * The getters, record accessors, other methods and fields that a plain path reads, in the
	 * path's order: what a native image must be able to call reflectively for this key. Empty for a
	 * key that is only a parameter, and for an expression that SpEL evaluates.
	 * @return the members read
	 */
	public List<Member> pathMembers() {
		return (this.evaluator instanceof PathEvaluator path) ? path.members() : List.of();
	}

	@Override
	public String toString() {
		return this.expression;
	}

	private static int parameterIndex(String name, String @Nullable [] names, String subject, Method method) {
		if (names == null) {
			throw parameterNamesMissing(subject, method);
		}
		int index = Arrays.asList(names).indexOf(name);
		if (index < 0) {
			throw unknownParameter(name, names, subject);
		}
		return index;
	}

	private static MethodHandle[] accessors(String path, ResolvableType parameterType, String subject,
			List<Member> members) {
		List<MethodHandle> accessors = new ArrayList<>();
		ResolvableType type = parameterType;
		Matcher step = PATH_STEP.matcher(path);
		while (step.find()) {
			String name = step.group(1);
			boolean call = step.group(2) != null;
			Class<?> owner = type.toClass();
			Member accessor = findAccessor(owner, name, call);
			if (accessor == null) {
				throw noSuchProperty(owner, name, call, subject);
			}
			members.add(accessor);
			try {
				if (accessor instanceof Method method) {
					ReflectionUtils.makeAccessible(method);
					accessors.add(MethodHandles.lookup().unreflect(method).asType(ACCESSOR_TYPE));
					type = ResolvableType.forMethodParameter(new MethodParameter(method, -1), type);
				}
				else {
					Field field = (Field) accessor;
					ReflectionUtils.makeAccessible(field);
					accessors.add(MethodHandles.lookup().unreflectGetter(field).asType(ACCESSOR_TYPE));
					type = ResolvableType.forField(field, type);
				}
			}
			catch (IllegalAccessException | RuntimeException ex) {
				throw new IllegalArgumentException(subject + " reads '" + name + "' through " + accessor
						+ ", which cannot be accessed (" + ex + "); make it public, or open its package to Spring", ex);
			}
		}
		requireValueLikeString(type.toClass(), subject);
		return accessors.toArray(new MethodHandle[0]);
	}

	/**
	 * A key is its value's {@code toString()}: a concrete class that keeps Object's (or an array)
	 * would give every object a key of its own, and the writes of one entity would not be ordered.
	 */
	private static void requireValueLikeString(Class<?> valueType, String subject) {
		boolean identityString = valueType.isArray() || (!valueType.isPrimitive() && !valueType.isInterface()
				&& valueType != Object.class && !Modifier.isAbstract(valueType.getModifiers())
				&& ReflectionUtils.findMethod(valueType, "toString").getDeclaringClass() == Object.class);
		if (identityString) {
			throw new IllegalArgumentException(subject + " evaluates to a " + valueType.getTypeName()
					+ ", which has no toString() of its own: every object would be a key of its own and writes of one "
					+ "entity would not be ordered; key by an identifying property instead, e.g. #param.id");
		}
	}

	private static @Nullable Member findAccessor(Class<?> owner, String name, boolean call) {
		if (call) {
			return valueMethod(owner, name);
		}
		String capitalized = StringUtils.capitalize(name);
		Method getter = valueMethod(owner, "get" + capitalized);
		if (getter != null) {
			return getter;
		}
		Method isGetter = valueMethod(owner, "is" + capitalized);
		if (isGetter != null
				&& (isGetter.getReturnType() == boolean.class || isGetter.getReturnType() == Boolean.class)) {
			return isGetter;
		}
		Method accessor = valueMethod(owner, name);
		if (accessor != null) {
			return accessor;
		}
		try {
			Field field = owner.getField(name);
			return Modifier.isStatic(field.getModifiers()) ? null : field;
		}
		catch (NoSuchFieldException ex) {
			return null;
		}
	}

	/** A public instance method without parameters that returns something. */
	private static @Nullable Method valueMethod(Class<?> owner, String name) {
		Method method = ClassUtils.getMethodIfAvailable(owner, name);
		if (method == null || Modifier.isStatic(method.getModifiers()) || method.getReturnType() == void.class) {
			return null;
		}
		// prefer the declaration in a public type, which a module system lets us call
		return ClassUtils.getPubliclyAccessibleMethodIfPossible(method, owner);
	}

	private static SpelExpression parse(String key, @Nullable ClassLoader classLoader, String subject) {
		SpelExpressionParser parser = new SpelExpressionParser(
				new SpelParserConfiguration(SpelCompilerMode.MIXED, classLoader));
		try {
			return parser.parseRaw(key);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(subject + " is not a valid SpEL expression (" + ex.getMessage()
					+ "); write #parameter, #parameter.property or any SpEL expression over the parameters by "
					+ "name, e.g. #region + ':' + #id", ex);
		}
	}

	/** Every {@code #name} in the expression must be a parameter (or SpEL's own #this and #root). */
	private static void checkReferences(SpelNode node, String @Nullable [] names, String subject, Method method) {
		if (node instanceof FunctionReference) {
			throw new IllegalArgumentException(subject + " calls " + node.toStringAST() + " as a function, but keys "
					+ "have no functions; refer to the parameters by name and call their methods, e.g. #"
					+ exampleParameter(method) + ".toString()");
		}
		if (node instanceof VariableReference) {
			Matcher reference = REFERENCE.matcher(node.toStringAST());
			String name = reference.lookingAt() ? reference.group(1) : node.toStringAST();
			if (!name.equals("this") && !name.equals("root")) {
				parameterIndex(name, names, subject, method);
			}
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			checkReferences(node.getChild(i), names, subject, method);
		}
	}

	/**
	 * Resolvers, accessors and converters for SpEL, shared by all calls of one key; only the
	 * variables differ per call. Initialized here because StandardEvaluationContext creates them
	 * lazily, which is not thread-safe.
	 */
	private static StandardEvaluationContext sharedDelegates(@Nullable ClassLoader classLoader) {
		StandardEvaluationContext delegates = new StandardEvaluationContext();
		delegates.setTypeLocator(new StandardTypeLocator(classLoader));
		delegates.getPropertyAccessors();
		delegates.getIndexAccessors();
		delegates.getConstructorResolvers();
		delegates.getMethodResolvers();
		delegates.getTypeConverter();
		delegates.getTypeComparator();
		delegates.getOperatorOverloader();
		return delegates;
	}

	private static IllegalArgumentException parameterNamesMissing(String subject, Method method) {
		return new IllegalArgumentException(subject + " refers to parameters by name, but the names of the "
				+ "parameters of " + method.getDeclaringClass().getName() + "." + method.getName()
				+ " are not available: its class was compiled without the -parameters flag of javac; compile with "
				+ "-parameters (spring-boot-starter-parent and Spring Boot's Gradle plugin add it; otherwise set "
				+ "<parameters>true</parameters> on the maven-compiler-plugin, or options.compilerArgs.add"
				+ "('-parameters') in Gradle)");
	}

	private static IllegalArgumentException unknownParameter(String name, String[] names, String subject) {
		String parameters = (names.length != 0)
				? "its parameters are " + Arrays.stream(names).map((candidate) -> "#" + candidate)
					.collect(Collectors.joining(", "))
				: "the method has no parameters";
		return new IllegalArgumentException(subject + " refers to #" + name + ", which is not a parameter of the "
				+ "method; " + parameters);
	}

	private static IllegalArgumentException noSuchProperty(Class<?> owner, String name, boolean call,
			String subject) {
		String capitalized = StringUtils.capitalize(name);
		String missing = call ? "no public method " + name + "() that returns a value"
				: "no property '" + name + "' (no public get" + capitalized + "(), is" + capitalized + "() or "
						+ name + "() method and no public field " + name + ")";
		Set<String> readable = readableProperties(owner);
		String known = readable.isEmpty() ? "it has no readable properties"
				: "its readable properties are " + String.join(", ", readable);
		return new IllegalArgumentException(subject + " reads '" + name + "' of " + owner.getName() + ", which has "
				+ missing + "; " + known + " (" + PATH_STEPS_ALLOWED + ")");
	}

	private static Set<String> readableProperties(Class<?> type) {
		Set<String> names = new TreeSet<>();
		if (type.isPrimitive() || type.isArray()) {
			return names;
		}
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() != null && !descriptor.getName().equals("class")) {
				names.add(descriptor.getName());
			}
		}
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				names.add(component.getName());
			}
		}
		for (Field field : type.getFields()) {
			if (!Modifier.isStatic(field.getModifiers())) {
				names.add(field.getName());
			}
		}
		return names;
	}

	private static String exampleParameter(Method method) {
		String @Nullable [] names = parameterNameDiscoverer.getParameterNames(method);
		return (names != null && names.length > 0) ? names[0] : "id";
	}

	private static String describe(Method method) {
		return ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"));
	}

	private interface Evaluator {

		@Nullable Object value(Object[] arguments) throws Throwable;

	}

	/** A parameter and a chain of accessors, each {@code (Object)Object}, and the members they read. */
	private record PathEvaluator(int parameterIndex, MethodHandle[] accessors, List<Member> members)
			implements Evaluator {

		@Override
		public @Nullable Object value(Object[] arguments) throws Throwable {
			Object value = arguments[this.parameterIndex];
			for (MethodHandle accessor : this.accessors) {
				if (value == null) {
					return null;
				}
				value = (Object) accessor.invokeExact(value);
			}
			return value;
		}

	}

	private record SpelEvaluator(Expression expression, String[] parameterNames,
			StandardEvaluationContext delegates) implements Evaluator {

		@Override
		public @Nullable Object value(Object[] arguments) {
			return this.expression.getValue(new ArgumentsContext(this.delegates, this.parameterNames, arguments));
		}

	}

	/**
	 * The evaluation context of one call: the shared delegates, with the call's arguments as the
	 * variables. One small object per call, so that concurrent calls never share variables.
	 */
	private static final class ArgumentsContext implements EvaluationContext {

		private final StandardEvaluationContext delegates;

		private final String[] parameterNames;

		private final Object[] arguments;

		ArgumentsContext(StandardEvaluationContext delegates, String[] parameterNames, Object[] arguments) {
			this.delegates = delegates;
			this.parameterNames = parameterNames;
			this.arguments = arguments;
		}

		@Override
		public @Nullable Object lookupVariable(String name) {
			for (int i = 0; i < this.parameterNames.length; i++) {
				if (this.parameterNames[i].equals(name)) {
					return (i < this.arguments.length) ? this.arguments[i] : null;
				}
			}
			return null;
		}

		@Override
		public void setVariable(@Nullable String name, @Nullable Object value) {
			throw new UnsupportedOperationException("A migration key cannot set variables");
		}

		@Override
		public boolean isAssignmentEnabled() {
			return false;
		}

		@Override
		public TypedValue getRootObject() {
			return TypedValue.NULL;
		}

		@Override
		public List<PropertyAccessor> getPropertyAccessors() {
			return this.delegates.getPropertyAccessors();
		}

		@Override
		public List<IndexAccessor> getIndexAccessors() {
			return this.delegates.getIndexAccessors();
		}

		@Override
		public List<ConstructorResolver> getConstructorResolvers() {
			return this.delegates.getConstructorResolvers();
		}

		@Override
		public List<MethodResolver> getMethodResolvers() {
			return this.delegates.getMethodResolvers();
		}

		@Override
		public @Nullable BeanResolver getBeanResolver() {
			return null;
		}

		@Override
		public TypeLocator getTypeLocator() {
			return this.delegates.getTypeLocator();
		}

		@Override
		public TypeConverter getTypeConverter() {
			return this.delegates.getTypeConverter();
		}

		@Override
		public TypeComparator getTypeComparator() {
			return this.delegates.getTypeComparator();
		}

		@Override
		public OperatorOverloader getOperatorOverloader() {
			return this.delegates.getOperatorOverloader();
		}

	}

}
