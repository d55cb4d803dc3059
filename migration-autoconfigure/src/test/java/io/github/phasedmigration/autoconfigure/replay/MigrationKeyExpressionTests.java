package io.github.phasedmigration.autoconfigure.replay;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Plain paths are read without SpEL, other expressions through it; a key that cannot work for
 * its method fails with a message naming the method, the key and what is allowed.
 */
class MigrationKeyExpressionTests {

	private static final String PLACE = "MigrationKeyExpressionTests.Orders.place(Order, int)";

	private static final Customer ALICE = new Customer("c-1");

	private static final Order ORDER = new Order(42, ALICE, "eu");

	@Test
	void parameterItself() {
		MigrationKeyExpression key = compile("#customerId", "byCustomer");
		assertThat(key.isPlainPath()).isTrue();
		assertThat(key.key(new Object[] { 42L })).isEqualTo("42");
		assertThat(key.key(new Object[] { null })).isNull();
	}

	@Test
	void aKeyWhoseValueHasNoToStringOfItsOwnIsRefused() {
		// every Invoice would be a key of its own: writes of one invoice would not be ordered
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#invoice", "pay"))
			.withMessageContaining("\"#invoice\"")
			.withMessageContaining(Invoice.class.getTypeName())
			.withMessageContaining("has no toString() of its own");
		assertThat(compile("#invoice.customer", "pay").key(new Object[] { new Invoice(new Customer("c-1")) }))
			.as("a record renders its values").isEqualTo("Customer[id=c-1]");
	}

	@Test
	void recordAccessor() {
		MigrationKeyExpression key = compile("#order.customerId", "place");
		assertThat(key.isPlainPath()).isTrue();
		assertThat(key.key(new Object[] { ORDER, 3 })).isEqualTo("42");
	}

	@Test
	void methodCallThenProperty() {
		MigrationKeyExpression key = compile("#order.customer().id", "place");
		assertThat(key.isPlainPath()).isTrue();
		assertThat(key.key(new Object[] { ORDER, 3 })).isEqualTo("c-1");
	}

	@Test
	void getter() {
		assertThat(compile("#invoice.number", "pay").key(new Object[] { new Invoice(ALICE) })).isEqualTo("INV-7");
	}

	@Test
	void booleanIsGetter() {
		assertThat(compile("#invoice.paid", "pay").key(new Object[] { new Invoice(ALICE) })).isEqualTo("true");
	}

	@Test
	void publicField() {
		assertThat(compile("#invoice.currency", "pay").key(new Object[] { new Invoice(ALICE) })).isEqualTo("EUR");
	}

	@Test
	void nestedPath() {
		MigrationKeyExpression key = compile("#invoice.customer.id", "pay");
		assertThat(key.isPlainPath()).isTrue();
		assertThat(key.key(new Object[] { new Invoice(ALICE) })).isEqualTo("c-1");
	}

	@Test
	void nullInTheMiddleOfAPathGivesNull() {
		assertThat(compile("#invoice.customer.id", "pay").key(new Object[] { new Invoice(null) })).isNull();
		assertThat(compile("#invoice.customer.id", "pay").key(new Object[] { null })).isNull();
	}

	@Test
	void safeNavigationIsAPlainPathToo() {
		MigrationKeyExpression key = compile("#order?.customer?.id", "place");
		assertThat(key.isPlainPath()).isTrue();
		assertThat(key.key(new Object[] { ORDER, 3 })).isEqualTo("c-1");
		assertThat(key.key(new Object[] { new Order(1, null, "eu"), 3 })).isNull();
	}

	@Test
	void propertyOfATypeArgumentResolvesThroughGenerics() {
		MigrationKeyExpression key = compile("#wrapper.value.customerId", "wrapped");
		assertThat(key.key(new Object[] { new Wrapper<>(ORDER) })).isEqualTo("42");
	}

	@Test
	void typeVariableOfAGenericSuperclassResolvesAgainstTheTargetClass() {
		Method save = ReflectionUtils.findMethod(Repository.class, "save", Object.class);
		MigrationKeyExpression key = MigrationKeyExpression.compile("#entity.customerId", save, OrderRepository.class);
		assertThat(key.key(new Object[] { ORDER })).isEqualTo("42");
		assertThatIllegalArgumentException().isThrownBy(() -> MigrationKeyExpression.compile("#entity.customerId", save))
			.withMessageContaining("reads 'customerId' of java.lang.Object");
	}

	@Test
	void accessorOverriddenInTheArgumentsClassIsCalled() {
		Invoice special = new Invoice(ALICE) {

			@Override
			public String getNumber() {
				return "SPECIAL";
			}

		};
		assertThat(compile("#invoice.number", "pay").key(new Object[] { special })).isEqualTo("SPECIAL");
	}

	@Test
	void spelExpression() {
		MigrationKeyExpression key = compile("#order.region + ':' + #quantity", "place");
		assertThat(key.isPlainPath()).isFalse();
		// past SpEL's threshold, where MIXED mode compiles the expression to bytecode
		for (int i = 0; i < 300; i++) {
			assertThat(key.key(new Object[] { new Order(i, ALICE, "r" + i), i })).isEqualTo("r" + i + ":" + i);
		}
	}

	@Test
	void spelExpressionWithMethodCallsAndNullSafety() {
		MigrationKeyExpression key = compile("#order?.customer()?.id()?.substring(2)", "place");
		assertThat(key.isPlainPath()).isFalse();
		assertThat(key.key(new Object[] { ORDER, 1 })).isEqualTo("1");
		assertThat(key.key(new Object[] { null, 1 })).isNull();
	}

	@Test
	void spelExpressionEvaluatesEachCallWithItsOwnArguments() throws Exception {
		MigrationKeyExpression key = compile("#order.region + '-' + #quantity", "place");
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				int offset = thread * 10_000;
				results.add(executor.submit(() -> {
					for (int i = offset; i < offset + 1_000; i++) {
						if (!("r" + i + "-" + i).equals(key.key(new Object[] { new Order(i, ALICE, "r" + i), i }))) {
							return false;
						}
					}
					return true;
				}));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void spelCannotAssignVariables() {
		MigrationKeyExpression key = compile("#quantity = 5", "place");
		assertThatIllegalStateException().isThrownBy(() -> key.key(new Object[] { ORDER, 1 }))
			.withMessageContaining("the key \"#quantity = 5\" of " + PLACE);
	}

	@Test
	void failingGetterIsReportedWithTheKey() {
		MigrationKeyExpression key = compile("#invoice.failing", "pay");
		assertThatIllegalStateException().isThrownBy(() -> key.key(new Object[] { new Invoice(ALICE) }))
			.withMessageContaining("the key \"#invoice.failing\" of MigrationKeyExpressionTests.Orders.pay(Invoice)")
			.withMessageContaining("no invoice number yet")
			.withRootCauseInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void unknownParameter() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#orderId", "place"))
			.withMessage("the key \"#orderId\" of " + PLACE + " refers to #orderId, which is not a parameter of the "
					+ "method; its parameters are #order, #quantity");
	}

	@Test
	void unknownParameterInASpelExpression() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#order.region + ':' + #qty", "place"))
			.withMessageContaining("the key \"#order.region + ':' + #qty\" of " + PLACE)
			.withMessageContaining("refers to #qty, which is not a parameter")
			.withMessageContaining("its parameters are #order, #quantity");
	}

	@Test
	void keyOfAMethodWithoutParameters() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#id", "none"))
			.withMessageContaining("of MigrationKeyExpressionTests.Orders.none()")
			.withMessageEndingWith("the method has no parameters");
	}

	@Test
	void unknownProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#order.custId", "place"))
			.withMessageContaining("the key \"#order.custId\" of " + PLACE)
			.withMessageContaining("reads 'custId' of " + Order.class.getName())
			.withMessageContaining("no property 'custId' (no public getCustId(), isCustId() or custId() method and "
					+ "no public field custId)")
			.withMessageContaining("its readable properties are customer, customerId, region")
			.withMessageContaining("a step of a path is a getter (getX() or isX()), a record accessor or other "
					+ "public no-argument method (x or x()), or a public field");
	}

	@Test
	void unknownPropertyFurtherAlongThePathNamesItsType() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#invoice.customer.name", "pay"))
			.withMessageContaining("reads 'name' of " + Customer.class.getName())
			.withMessageContaining("its readable properties are id");
	}

	@Test
	void unknownMethod() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#order.customer().name()", "place"))
			.withMessageContaining("reads 'name' of " + Customer.class.getName()
					+ ", which has no public method name() that returns a value");
	}

	@Test
	void propertyOfAPrimitive() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#quantity.value", "place"))
			.withMessageContaining("reads 'value' of int")
			.withMessageContaining("it has no readable properties");
	}

	@Test
	void isGetterMustReturnABoolean() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#invoice.label", "pay"))
			.withMessageContaining("no property 'label'");
	}

	@Test
	void unparsableExpression() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#order.region +", "place"))
			.withMessageContaining("the key \"#order.region +\" of " + PLACE + " is not a valid SpEL expression")
			.withMessageContaining("write #parameter, #parameter.property or any SpEL expression over the "
					+ "parameters by name");
	}

	@Test
	void emptyKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("  ", "place"))
			.withMessage("the key \"  \" of " + PLACE + " is empty; name a parameter, e.g. #order, or leave the "
					+ "key out when the migration has none");
	}

	@Test
	void functionsAreNotAvailable() {
		assertThatIllegalArgumentException().isThrownBy(() -> compile("#hash(#order)", "place"))
			.withMessageContaining("the key \"#hash(#order)\" of " + PLACE + " calls #hash(#order) as a function")
			.withMessageContaining("keys have no functions");
	}

	@Test
	void parameterNamesMissing() throws Exception {
		// the JDK is compiled without -parameters
		Method substring = String.class.getMethod("substring", int.class, int.class);
		assumeTrue(new DefaultParameterNameDiscoverer().getParameterNames(substring) == null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MigrationKeyExpression.compile("#beginIndex", substring))
			.withMessageContaining("the key \"#beginIndex\" of String.substring(int, int) refers to parameters by name")
			.withMessageContaining("the names of the parameters of java.lang.String.substring are not available")
			.withMessageContaining("compiled without the -parameters flag of javac; compile with -parameters");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MigrationKeyExpression.compile("#beginIndex + #endIndex", substring))
			.withMessageContaining("compiled without the -parameters flag");
	}

	@Test
	void constantNeedsNoParameterNames() throws Exception {
		Method substring = String.class.getMethod("substring", int.class, int.class);
		assertThat(MigrationKeyExpression.compile("'all'", substring).key(new Object[] { 1, 2 })).isEqualTo("all");
	}

	private static MigrationKeyExpression compile(String expression, String methodName) {
		return MigrationKeyExpression.compile(expression, method(methodName));
	}

	private static Method method(String name) {
		for (Method method : ReflectionUtils.getDeclaredMethods(Orders.class)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	public record Customer(String id) {
	}

	public record Order(long customerId, @Nullable Customer customer, String region) {
	}

	public static class Invoice {

		public String currency = "EUR";

		private final @Nullable Customer customer;

		Invoice(@Nullable Customer customer) {
			this.customer = customer;
		}

		public String getNumber() {
			return "INV-7";
		}

		public boolean isPaid() {
			return true;
		}

		public String isLabel() {
			return "not a boolean";
		}

		public @Nullable Customer getCustomer() {
			return this.customer;
		}

		public String getFailing() {
			throw new UnsupportedOperationException("no invoice number yet");
		}

	}

	public static class Wrapper<T> {

		private final T value;

		Wrapper(T value) {
			this.value = value;
		}

		public T getValue() {
			return this.value;
		}

	}

	public abstract static class Repository<T> {

		public void save(T entity) {
		}

	}

	static class OrderRepository extends Repository<Order> {

	}

	static class Orders {

		public void place(Order order, int quantity) {
		}

		public void pay(Invoice invoice) {
		}

		public void byCustomer(Long customerId) {
		}

		public void wrapped(Wrapper<Order> wrapper) {
		}

		public void none() {
		}

	}

}
