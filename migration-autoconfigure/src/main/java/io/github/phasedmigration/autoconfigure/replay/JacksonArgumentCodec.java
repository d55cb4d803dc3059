package io.github.phasedmigration.autoconfigure.replay;

import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.PropertyWriter;
import tools.jackson.databind.ser.impl.UnknownSerializer;
import tools.jackson.databind.type.TypeBindings;
import tools.jackson.databind.type.TypeFactory;

/**
 * Encodes the arguments of one write method for the reconciliation journal, and reads them back
 * for a replay, with the application's {@link JsonMapper}.
 *
 * <pre class="code">
 * JacksonArgumentCodec codec = new JacksonArgumentCodec(mapper, method);
 * String json = codec.encode(arguments);   // [{"customerId":42,"lines":[...]},3]
 * Object[] again = codec.decode(json);
 * </pre>
 *
 * Each argument is written and read as its parameter's declared generic type, so that a
 * {@code List<OrderLine>} comes back as a list of {@code OrderLine}, and a polymorphic type with
 * {@code @JsonTypeInfo} keeps its type id; primitives come back boxed. Check a method with
 * {@link #problems} at start-up: a parameter that Jackson cannot write and read back would
 * otherwise only fail when a journaled write is replayed.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JacksonArgumentCodec {

	private static final ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

	private static final String CREATOR_ADVICE = "give it a public no-argument constructor and setters or a "
			+ "@JsonCreator constructor or factory method, make it a record, or register a Jackson module that "
			+ "reads it";

	private static final String ABSTRACT_ADVICE = "declare a concrete type, add @JsonTypeInfo and @JsonSubTypes to "
			+ "it, or register a Jackson module that reads it";

	private final JsonMapper mapper;

	private final String description;

	private final ObjectWriter[] writers;

	private final ObjectReader[] readers;

	/**
	 * Creates a codec for the parameters of a method.
	 * @param mapper the application's mapper
	 * @param method the annotated write method
	 */
	public JacksonArgumentCodec(JsonMapper mapper, Method method) {
		this(mapper, method, method.getDeclaringClass());
	}

	/**
	 * Creates a codec for the parameters of a method as the target class sees it, so that a
	 * parameter declared as a type variable of a generic superclass is read as the target class's
	 * type argument.
	 * @param mapper the application's mapper
	 * @param method the annotated write method
	 * @param targetClass the class of the bean the method is called on
	 */
	public JacksonArgumentCodec(JsonMapper mapper, Method method, Class<?> targetClass) {
		this.mapper = mapper;
		this.description = describe(method);
		List<JavaType> types = parameterTypes(mapper, method, targetClass);
		this.writers = types.stream().map(mapper::writerFor).toArray(ObjectWriter[]::new);
		// each reader reads one element of the array: what follows it is the next argument
		this.readers = types.stream()
			.map((type) -> mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS))
			.toArray(ObjectReader[]::new);
	}

	/**
	 * Writes the arguments as a JSON array, one element per parameter.
	 * @param arguments the call's arguments, in the method's parameter order
	 * @return the JSON text
	 * @throws JacksonException when an argument cannot be written
	 */
	public String encode(Object[] arguments) {
		if (arguments.length != this.writers.length) {
			throw new IllegalArgumentException(arguments.length + " arguments for " + this.description + ", which has "
					+ this.writers.length + " parameters");
		}
		StringWriter json = new StringWriter();
		try (JsonGenerator generator = this.mapper.createGenerator(json)) {
			generator.writeStartArray();
			for (int i = 0; i < arguments.length; i++) {
				// each with its parameter's writer, not the array's: the declared type decides
				this.writers[i].writeValue(generator, arguments[i]);
			}
			generator.writeEndArray();
		}
		return json.toString();
	}

	/**
	 * Reads arguments written by {@link #encode} back, each as its parameter's type.
	 * @param json a JSON array, one element per parameter
	 * @return the arguments, in the method's parameter order
	 * @throws JacksonException when an element cannot be read as its parameter's type
	 * @throws IllegalArgumentException when the JSON is not an array of as many elements as the
	 * method has parameters, for example because the method changed since the arguments were
	 * journaled
	 */
	public Object[] decode(String json) {
		Object[] arguments = new Object[this.readers.length];
		try (JsonParser parser = this.mapper.createParser(json)) {
			if (parser.nextToken() != JsonToken.START_ARRAY) {
				throw notArguments(json);
			}
			for (int i = 0; i < arguments.length; i++) {
				JsonToken token = parser.nextToken();
				if (token == null || token == JsonToken.END_ARRAY) {
					throw notArguments(json);
				}
				arguments[i] = this.readers[i].readValue(parser);
			}
			if (parser.nextToken() != JsonToken.END_ARRAY) {
				throw notArguments(json);
			}
		}
		return arguments;
	}

	private IllegalArgumentException notArguments(String json) {
		String shown = (json.length() > 200) ? json.substring(0, 200) + "..." : json;
		return new IllegalArgumentException("Not the arguments of " + this.description + ", which has "
				+ this.readers.length + " parameters: expected a JSON array of " + this.readers.length
				+ " elements, got " + shown);
	}

	/**
	 * The reasons why arguments of the method could not make the round trip through Jackson, one
	 * sentence each, naming the method, the parameter and the type, and saying what to do; empty
	 * when every parameter can. Types are checked by reading a minimal JSON value ({@code {}} or
	 * {@code []}) as each of them: a type Jackson has no way of creating fails that with an
	 * {@link InvalidDefinitionException}, while input that does not match is fine.
	 * @param mapper the application's mapper
	 * @param method the annotated write method
	 * @return the problems, in parameter order
	 */
	public static List<String> problems(JsonMapper mapper, Method method) {
		return problems(mapper, method, method.getDeclaringClass());
	}

	/**
	 * The reasons why arguments of the method, as the target class sees it, could not make the
	 * round trip through Jackson; see {@link #problems(JsonMapper, Method)}.
	 * @param mapper the application's mapper
	 * @param method the annotated write method
	 * @param targetClass the class of the bean the method is called on
	 * @return the problems, in parameter order
	 */
	public static List<String> problems(JsonMapper mapper, Method method, Class<?> targetClass) {
		String @Nullable [] names = parameterNameDiscoverer.getParameterNames(method);
		List<JavaType> types = parameterTypes(mapper, method, targetClass);
		Type[] declared = method.getGenericParameterTypes();
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < types.size(); i++) {
			String parameter = ((names != null) ? "parameter '" + names[i] + "'" : "parameter at index " + i)
					+ " of " + describe(method);
			JavaType type = types.get(i);
			if (type.isJavaLangObject()) {
				problems.add(parameter + " is declared as " + declared[i].getTypeName() + ", so Jackson would read it "
						+ "back as a Map, List, String or number instead of what the caller passed; declare the "
						+ "parameter's actual type");
				continue;
			}
			new TypeCheck(mapper, parameter, problems).check(type, (names != null) ? names[i] : "[" + i + "]", true);
		}
		return problems;
	}

	private static List<JavaType> parameterTypes(JsonMapper mapper, Method method, Class<?> targetClass) {
		TypeFactory typeFactory = mapper.getTypeFactory();
		JavaType declaring = typeFactory.constructType(targetClass).findSuperType(method.getDeclaringClass());
		TypeBindings bindings = (declaring != null) ? declaring.getBindings() : TypeBindings.emptyBindings();
		return Arrays.stream(method.getGenericParameterTypes())
			.map((type) -> typeFactory.resolveMemberType(type, bindings))
			.toList();
	}

	private static String describe(Method method) {
		return ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"));
	}

	/**
	 * Checks one parameter's type and, through containers and bean properties, the types it is
	 * made of: {@code {}} reads fine as a {@code List<Shape>} even when a {@code Shape} cannot be
	 * read at all.
	 */
	private static final class TypeCheck {

		private final JsonMapper mapper;

		private final String parameter;

		private final List<String> problems;

		private final Set<JavaType> checked = new HashSet<>();

		TypeCheck(JsonMapper mapper, String parameter, List<String> problems) {
			this.mapper = mapper;
			this.parameter = parameter;
			this.problems = problems;
		}

		void check(JavaType type, String path, boolean root) {
			// a nested Object (Map<String, Object>) reads back as JSON-like values: accepted
			if (type.isJavaLangObject() || type.isPrimitive() || !this.checked.add(type)) {
				return;
			}
			if (type.isReferenceType()) {
				check(type.getContentType(), path, root); // Optional<T> and the like: as T, or null
				return;
			}
			String what = type.toCanonical() + (root ? "" : " at " + path);
			if (type.isContainerType()) {
				String problem = readProblem(type, type.isMapLikeType() ? "{}" : "[]");
				if (problem != null) {
					report("Jackson cannot read back " + what + " (" + problem + "); declare a List, Set, Map or "
							+ "array of types Jackson can read, or register a Jackson module that reads it");
					return;
				}
				check(type.getContentType(), path + "[]", false);
				return;
			}
			String problem = readProblem(type, "{}");
			if (problem != null) {
				report("Jackson cannot read back " + what + " (" + problem + "); "
						+ (type.isAbstract() ? ABSTRACT_ADVICE : CREATOR_ADVICE));
				return;
			}
			ValueSerializer<Object> serializer = this.mapper._serializationContext()
				.findTypedValueSerializer(type, true);
			if (serializer instanceof UnknownSerializer) {
				// without state nothing is lost, and Jackson 3 writes {} unless told to fail on empty beans
				List<String> fields = instanceFields(type.getRawClass());
				if (this.mapper.isEnabled(SerializationFeature.FAIL_ON_EMPTY_BEANS) || !fields.isEmpty()) {
					String lost = fields.isEmpty() ? ""
							: ", so its fields " + String.join(", ", fields) + " would be lost";
					report("Jackson finds nothing to write in " + what + " (no public getters or fields)" + lost
							+ "; add getters, annotate its fields with @JsonProperty, or register a Jackson module "
							+ "that writes it");
				}
				return;
			}
			List<PropertyWriter> written = new ArrayList<>();
			for (Iterator<PropertyWriter> properties = serializer.properties(); properties.hasNext();) {
				written.add(properties.next());
			}
			if (written.isEmpty()) {
				return;
			}
			Collection<Object> readable = readableProperties(type);
			// one unreadable property may be derived (getTotal()); none readable means all are lost
			if (readable != null && written.stream().noneMatch((property) -> readable.contains(property.getName()))) {
				String names = written.stream().map(PropertyWriter::getName).collect(Collectors.joining(", "));
				report("Jackson writes " + what + " as its properties " + names
						+ " but can set none of them when reading it back; " + CREATOR_ADVICE);
				return;
			}
			for (PropertyWriter property : written) {
				check(property.getType(), path + "." + property.getName(), false);
			}
		}

		/** The state an instance of the type may hold. */
		private static List<String> instanceFields(Class<?> type) {
			List<String> fields = new ArrayList<>();
			ReflectionUtils.doWithFields(type, (field) -> fields.add(field.getName()),
					(field) -> !Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())
							&& !field.isSynthetic());
			return fields;
		}

		/** Why Jackson cannot create the type from JSON, or {@code null} when it can. */
		private @Nullable String readProblem(JavaType type, String json) {
			try {
				this.mapper.readerFor(type).readValue(json);
				return null;
			}
			catch (InvalidDefinitionException ex) {
				return ex.getOriginalMessage();
			}
			catch (RuntimeException ex) {
				// input that does not match the type, or a constructor rejecting it: the definition works
				return null;
			}
		}

		private @Nullable Collection<Object> readableProperties(JavaType type) {
			try {
				ValueDeserializer<Object> deserializer = this.mapper._deserializationContext()
					.findRootValueDeserializer(type);
				return deserializer.getKnownPropertyNames();
			}
			catch (JacksonException ex) {
				return null;
			}
		}

		private void report(String problem) {
			this.problems.add(this.parameter + ": " + problem);
		}

	}

}
