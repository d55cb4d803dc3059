package io.github.phasedmigration.autoconfigure.replay;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Arguments make the round trip as their declared generic types; the start-up check rejects the
 * types Jackson could not read back, naming the method, the parameter and the type.
 */
class JacksonArgumentCodecTests {

	private static final String LEDGER = "JacksonArgumentCodecTests.Ledger.";

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void scalarsAndPrimitivesComeBackBoxed() {
		UUID id = UUID.fromString("7d444840-9dc0-11d1-b245-5ffdce74fad2");
		Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
		LocalDate day = LocalDate.of(2026, 3, 1);
		Object[] arguments = { 42L, 7, true, 'x', 2.5d, 9, "note", Status.PAID, new BigDecimal("10.10"), id, at, day };
		Object[] decoded = roundTrip("scalars", arguments);
		assertThat(decoded).containsExactly(arguments);
		assertThat(decoded[0]).isInstanceOf(Long.class);
		assertThat(decoded[1]).isInstanceOf(Integer.class);
		assertThat(decoded[2]).isInstanceOf(Boolean.class);
		assertThat(decoded[3]).isInstanceOf(Character.class);
		// the scale of a BigDecimal survives, which equals() would miss
		assertThat(((BigDecimal) decoded[8]).scale()).isEqualTo(2);
	}

	@Test
	void encodesAJsonArrayWithOneElementPerParameter() {
		JacksonArgumentCodec codec = codec("lines");
		Object[] arguments = { List.of(new OrderLine("A-1", 2, new BigDecimal("3.50"))), Map.of("A-1", 7L),
				new OrderLine[0], new int[] { 1, 2 }, customer("Alice") };
		assertThat(codec.encode(arguments)).isEqualTo("[[{\"sku\":\"A-1\",\"quantity\":2,\"price\":3.50}],"
				+ "{\"A-1\":7},[],[1,2],{\"name\":\"Alice\"}]");
	}

	@Test
	void genericTypesComeBackAsDeclared() {
		OrderLine line = new OrderLine("A-1", 2, new BigDecimal("3.50"));
		Map<String, Long> totals = new LinkedHashMap<>();
		totals.put("A-1", 7L);
		totals.put("B-2", 1L << 40);
		Object[] decoded = roundTrip("lines", new Object[] { List.of(line, line), totals,
				new OrderLine[] { line }, new int[] { 1, 2 }, customer("Alice") });
		assertThat(decoded[0]).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly(line, line)
			.allSatisfy((element) -> assertThat(element).isInstanceOf(OrderLine.class));
		assertThat(decoded[1]).isEqualTo(totals);
		// small numbers would read back as Integer were the declared Long not used
		assertThat(((Map<?, ?>) decoded[1]).get("A-1")).isInstanceOf(Long.class);
		assertThat(decoded[2]).isEqualTo(new OrderLine[] { line });
		assertThat(decoded[3]).isEqualTo(new int[] { 1, 2 });
		assertThat(decoded[4]).isInstanceOf(Customer.class)
			.extracting((customer) -> ((Customer) customer).getName())
			.isEqualTo("Alice");
	}

	@Test
	void nullArguments() {
		Object[] arguments = new Object[12];
		arguments[0] = 1L;
		arguments[1] = 2;
		arguments[2] = false;
		arguments[3] = 'y';
		arguments[4] = 0.5d;
		assertThat(roundTrip("scalars", arguments)).containsExactly(arguments);
		assertThat(roundTrip("lines", new Object[5])).containsOnlyNulls().hasSize(5);
	}

	@Test
	void immutableClassesWithAConstructorNamingTheirProperties() {
		Object[] decoded = roundTrip("immutable", new Object[] { new Price(new BigDecimal("9.99"), "EUR"),
				new Amount(250) });
		assertThat(decoded[0]).isInstanceOf(Price.class).hasToString("9.99 EUR");
		assertThat(decoded[1]).isInstanceOf(Amount.class).hasToString("250");
	}

	@Test
	void polymorphicTypeKeepsItsTypeId() {
		JacksonArgumentCodec codec = codec("pay");
		String json = codec.encode(new Object[] { new Card("4242") });
		assertThat(json).isEqualTo("[{\"kind\":\"card\",\"last4\":\"4242\"}]");
		assertThat(codec.decode(json)).containsExactly(new Card("4242"));
	}

	@Test
	void optionalParameter() {
		OrderLine line = new OrderLine("A-1", 2, BigDecimal.ONE);
		assertThat(roundTrip("optional", new Object[] { Optional.of(line) })).containsExactly(Optional.of(line));
		assertThat(roundTrip("optional", new Object[] { Optional.empty() })).containsExactly(Optional.empty());
	}

	@Test
	void typeVariableOfAGenericSuperclassResolvesAgainstTheTargetClass() {
		Method save = ReflectionUtils.findMethod(Repository.class, "save", Object.class);
		JacksonArgumentCodec codec = new JacksonArgumentCodec(this.mapper, save, LineRepository.class);
		OrderLine line = new OrderLine("A-1", 2, BigDecimal.ONE);
		assertThat(codec.decode(codec.encode(new Object[] { line }))).containsExactly(line);
		assertThat(JacksonArgumentCodec.problems(this.mapper, save, LineRepository.class)).isEmpty();
		assertThat(JacksonArgumentCodec.problems(this.mapper, save)).singleElement()
			.asString()
			.contains("parameter 'entity' of JacksonArgumentCodecTests.Repository.save(Object) is declared as T");
	}

	@Test
	void decodingSomethingElseThanTheArgumentsFails() {
		JacksonArgumentCodec codec = codec("pay");
		assertThatIllegalArgumentException().isThrownBy(() -> codec.decode("[]"))
			.withMessage("Not the arguments of JacksonArgumentCodecTests.Ledger.pay(Payment), which has 1 parameters: "
					+ "expected a JSON array of 1 elements, got []");
		assertThatIllegalArgumentException().isThrownBy(() -> codec.decode("[null,null]"))
			.withMessageContaining("got [null,null]");
		assertThatIllegalArgumentException().isThrownBy(() -> codec.decode("{}")).withMessageContaining("got {}");
	}

	@Test
	void encodingTheWrongNumberOfArgumentsFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> codec("pay").encode(new Object[2]))
			.withMessage("2 arguments for JacksonArgumentCodecTests.Ledger.pay(Payment), which has 1 parameters");
	}

	@Test
	void acceptedTypes() {
		assertThat(problems("scalars")).isEmpty();
		assertThat(problems("lines")).isEmpty();
		assertThat(problems("pay")).isEmpty();
		assertThat(problems("optional")).isEmpty();
		assertThat(problems("derived")).isEmpty();
		assertThat(problems("attributes")).isEmpty();
		assertThat(problems("none")).isEmpty();
		assertThat(problems("immutable")).isEmpty();
	}

	@Test
	void rejectsAnInterfaceWithoutTypeInformation() {
		assertThat(problems("run")).singleElement()
			.asString()
			.startsWith("parameter 'task' of " + LEDGER
					+ "run(Runnable): Jackson cannot read back java.lang.Runnable (")
			.contains("abstract types either need to be mapped to concrete types")
			.endsWith("); declare a concrete type, add @JsonTypeInfo and @JsonSubTypes to it, or register a Jackson "
					+ "module that reads it");
		assertThat(problems("draw")).singleElement()
			.asString()
			.startsWith("parameter 'shape' of " + LEDGER + "draw(Shape): Jackson cannot read back "
					+ Shape.class.getName())
			.contains("declare a concrete type");
	}

	@Test
	void rejectsAnInputStream() {
		assertThat(problems("upload")).singleElement()
			.asString()
			.startsWith("parameter 'content' of " + LEDGER + "upload(InputStream): Jackson cannot read back "
					+ "java.io.InputStream");
	}

	@Test
	void rejectsObject() {
		assertThat(problems("anything")).singleElement()
			.isEqualTo("parameter 'payload' of " + LEDGER + "anything(Object) is declared as java.lang.Object, so "
					+ "Jackson would read it back as a Map, List, String or number instead of what the caller "
					+ "passed; declare the parameter's actual type");
		assertThat(problems("generic")).singleElement()
			.asString()
			.startsWith("parameter 'value' of " + LEDGER + "generic(Object) is declared as T, so Jackson");
	}

	@Test
	void rejectsAClassWithOnlyAPrivateConstructor() {
		assertThat(problems("money")).singleElement()
			.asString()
			.startsWith("parameter 'money' of " + LEDGER + "money(Money): Jackson cannot read back "
					+ Money.class.getName())
			.contains("no Creators")
			.endsWith("give it a public no-argument constructor and setters or a @JsonCreator constructor or factory "
					+ "method, make it a record, or register a Jackson module that reads it");
	}

	@Test
	void rejectsAClassWithStateButNothingToWrite() {
		assertThat(problems("secret")).singleElement()
			.isEqualTo("parameter 'secret' of " + LEDGER + "secret(Secret): Jackson finds nothing to write in "
					+ Secret.class.getName() + " (no public getters or fields), so its fields value, hint would be "
					+ "lost; add getters, annotate its fields with @JsonProperty, or register a Jackson module that "
					+ "writes it");
	}

	@Test
	void acceptsAClassWithoutStateUnlessTheMapperFailsOnEmptyBeans() {
		assertThat(problems("empty")).isEmpty();
		assertThat(roundTrip("empty", new Object[] { new Empty() })).singleElement().isInstanceOf(Empty.class);
		JsonMapper failing = JsonMapper.builder().enable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
		assertThat(JacksonArgumentCodec.problems(failing, method("empty"))).singleElement()
			.isEqualTo("parameter 'marker' of " + LEDGER + "empty(Empty): Jackson finds nothing to write in "
					+ Empty.class.getName() + " (no public getters or fields); add getters, annotate its fields with "
					+ "@JsonProperty, or register a Jackson module that writes it");
	}

	@Test
	void rejectsAClassThatCannotSetAnyOfItsProperties() {
		assertThat(problems("temperature")).singleElement()
			.asString()
			.startsWith("parameter 'reading' of " + LEDGER + "temperature(Temperature): Jackson writes "
					+ Temperature.class.getName() + " as its properties celsius but can set none of them when "
					+ "reading it back; give it");
	}

	@Test
	void rejectsTypesInsideContainersAndProperties() {
		assertThat(problems("shapes")).singleElement()
			.asString()
			.startsWith("parameter 'shapes' of " + LEDGER + "shapes(List): Jackson cannot read back "
					+ Shape.class.getName() + " at shapes[] (");
		assertThat(problems("drawing")).singleElement()
			.asString()
			.startsWith("parameter 'drawing' of " + LEDGER + "drawing(Drawing): Jackson cannot read back "
					+ Shape.class.getName() + " at drawing.layers[].shape (");
	}

	@Test
	void reportsEveryParameter() {
		assertThat(problems("several")).hasSize(2)
			.satisfiesExactly((first) -> assertThat(first).startsWith("parameter 'task'"),
					(second) -> assertThat(second).startsWith("parameter 'money'"));
	}

	@Test
	void parameterWithoutANameIsNamedByItsIndex() throws Exception {
		// the JDK is compiled without -parameters
		Method method = Thread.class.getMethod("setUncaughtExceptionHandler", Thread.UncaughtExceptionHandler.class);
		assumeTrue(new DefaultParameterNameDiscoverer().getParameterNames(method) == null);
		assertThat(JacksonArgumentCodec.problems(this.mapper, method)).singleElement()
			.asString()
			.startsWith("parameter at index 0 of Thread.setUncaughtExceptionHandler(UncaughtExceptionHandler): "
					+ "Jackson cannot read back java.lang.Thread$UncaughtExceptionHandler");
	}

	private Object[] roundTrip(String methodName, Object[] arguments) {
		JacksonArgumentCodec codec = codec(methodName);
		return codec.decode(codec.encode(arguments));
	}

	private JacksonArgumentCodec codec(String methodName) {
		return new JacksonArgumentCodec(this.mapper, method(methodName));
	}

	private List<String> problems(String methodName) {
		return JacksonArgumentCodec.problems(this.mapper, method(methodName));
	}

	private static Method method(String name) {
		for (Method method : ReflectionUtils.getDeclaredMethods(Ledger.class)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	private static Customer customer(String name) {
		Customer customer = new Customer();
		customer.setName(name);
		return customer;
	}

	public enum Status {

		OPEN, PAID

	}

	public record OrderLine(String sku, int quantity, BigDecimal price) {
	}

	public static class Customer {

		private @Nullable String name;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
	@JsonSubTypes(@JsonSubTypes.Type(value = Card.class, name = "card"))
	public interface Payment {

	}

	public record Card(String last4) implements Payment {
	}

	/** A total that is derived, not stored: written, never read back, and nothing is lost. */
	public static class Basket {

		private List<OrderLine> lines = new ArrayList<>();

		public List<OrderLine> getLines() {
			return this.lines;
		}

		public void setLines(List<OrderLine> lines) {
			this.lines = lines;
		}

		public int getTotalQuantity() {
			return this.lines.stream().mapToInt(OrderLine::quantity).sum();
		}

	}

	/** Its constructor's parameters, named with -parameters, are its properties. */
	public static final class Price {

		private final BigDecimal amount;

		private final String currency;

		public Price(BigDecimal amount, String currency) {
			this.amount = amount;
			this.currency = currency;
		}

		public BigDecimal getAmount() {
			return this.amount;
		}

		public String getCurrency() {
			return this.currency;
		}

		@Override
		public String toString() {
			return this.amount + " " + this.currency;
		}

	}

	public static final class Amount {

		private final long cents;

		public Amount(long cents) {
			this.cents = cents;
		}

		public long getCents() {
			return this.cents;
		}

		@Override
		public String toString() {
			return String.valueOf(this.cents);
		}

	}

	public interface Shape {

		double area();

	}

	public record Layer(String name, Shape shape) {
	}

	public record Drawing(String title, List<Layer> layers) {
	}

	public static final class Money {

		private final long cents;

		private Money(long cents) {
			this.cents = cents;
		}

		public static Money ofCents(long cents) {
			return new Money(cents);
		}

		public long getCents() {
			return this.cents;
		}

	}

	public static class Empty {

	}

	public static class Secret {

		private @Nullable String value;

		private @Nullable String hint;

		public void reveal(String value, String hint) {
			this.value = value;
			this.hint = hint;
		}

		@Override
		public String toString() {
			return this.hint + ":" + this.value;
		}

	}

	/** Read from its text, written as its properties: what it writes it cannot read. */
	public static class Temperature {

		private final double celsius;

		public Temperature(String text) {
			this.celsius = Double.parseDouble(text.replace("°C", ""));
		}

		public double getCelsius() {
			return this.celsius;
		}

	}

	public abstract static class Repository<T> {

		public void save(T entity) {
		}

	}

	static class LineRepository extends Repository<OrderLine> {

	}

	static class Ledger {

		public void scalars(long id, int count, boolean flag, char letter, double ratio, Integer boxed, String note,
				Status status, BigDecimal amount, UUID uuid, Instant at, LocalDate day) {
		}

		public void lines(List<OrderLine> lines, Map<String, Long> totals, OrderLine[] array, int[] numbers,
				Customer customer) {
		}

		public void pay(Payment payment) {
		}

		public void optional(Optional<OrderLine> line) {
		}

		public void immutable(Price price, Amount amount) {
		}

		public void derived(Basket basket) {
		}

		public void attributes(Map<String, Object> attributes, List<Object> values) {
		}

		public void none() {
		}

		public void run(Runnable task) {
		}

		public void draw(Shape shape) {
		}

		public void upload(InputStream content) {
		}

		public void anything(Object payload) {
		}

		public <T> void generic(T value) {
		}

		public void money(Money money) {
		}

		public void empty(Empty marker) {
		}

		public void secret(Secret secret) {
		}

		public void temperature(Temperature reading) {
		}

		public void shapes(List<Shape> shapes) {
		}

		public void drawing(Drawing drawing) {
		}

		public void several(Runnable task, String note, Money money) {
		}

	}

}
