package io.github.phasedmigration.benchmarks.jmh;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

import io.github.phasedmigration.autoconfigure.journal.MigrationKeyExpression;

/**
 * The migration key of a call, evaluated three ways, one JMH run, the same forks and JVM settings
 * for all (issue 15: keep a shortcut only where it wins):
 *
 * <ul>
 * <li>{@code shortcut}: {@link MigrationKeyExpression} as the starter compiles a plain path: the
 * parameter read from the arguments, each property through a method handle resolved at start-up,
 * no SpEL at call time, {@code null} anywhere along the path giving a {@code null} key;</li>
 * <li>{@code spelStarterContext}: the same key as SpEL, compiled ({@code MIXED}), evaluated against
 * the starter's own per-call context (one small object that looks the parameters up by name): what
 * {@code MigrationKeyExpression} does with a key that is not a plain path, reached here by
 * parenthesizing the key;</li>
 * <li>{@code spelMethodBasedContext}: the library path, as Resilience4j's {@code SpelResolver}
 * and Spring's cache abstraction resolve their expressions: a {@link SpelExpression} parsed once
 * and compiled ({@code SpelCompilerMode.IMMEDIATE}), evaluated against a
 * {@link MethodBasedEvaluationContext} created for every call (it holds the call's arguments), with a
 * {@link DefaultParameterNameDiscoverer}, on a root object of the method and the arguments. Every
 * {@code .} is written {@code ?.}, so that a {@code null} along the path gives a {@code null} key as
 * the shortcut does (plain SpEL throws there); the key is the value's {@code toString()}.</li>
 * </ul>
 *
 * The keys: a parameter itself ({@code #warehouseId}, a {@code long}, as {@code OverheadBenchmark}'s
 * sticky canary keys by {@code #x}), a property of a bean ({@code #order.id}, a getter) and two steps
 * ({@code #order.customer.id}, a getter, then a record's accessor). The set-up checks that the three
 * give the same key, that a {@code null} order gives a {@code null} key on both paths, and that SpEL
 * did compile the library path's expression, so that no case measures the interpreter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g", BenchmarkSupport.NO_SHUTDOWN_WAIT })
@State(Scope.Benchmark)
public class KeyExpressionBenchmark {

	@Param({ "#warehouseId", "#order.id", "#order.customer.id" })
	public String key;

	private Method method;

	private Object[] arguments;

	private MigrationKeyExpression shortcut;

	private MigrationKeyExpression starterSpel;

	private SpelExpression librarySpel;

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	@Setup(Level.Trial)
	public void compile() throws Exception {
		this.method = Warehouse.class.getMethod("ship", Order.class, long.class);
		this.arguments = new Object[] { new Order(4711, new Customer("c-42"), "eu"), 7L };
		this.shortcut = MigrationKeyExpression.compile(this.key, this.method, Warehouse.class);
		BenchmarkSupport.check(this.shortcut.isPlainPath(), this.key + " is not read as a plain path");
		this.starterSpel = MigrationKeyExpression.compile("(" + this.key + ")", this.method, Warehouse.class);
		BenchmarkSupport.check(!this.starterSpel.isPlainPath(), "(" + this.key + ") is read as a plain path");
		SpelExpressionParser parser = new SpelExpressionParser(
				new SpelParserConfiguration(SpelCompilerMode.IMMEDIATE, Warehouse.class.getClassLoader()));
		this.librarySpel = parser.parseRaw(this.key.replace(".", "?."));
		String expected = switch (this.key) {
			case "#warehouseId" -> "7";
			case "#order.id" -> "4711";
			default -> "c-42";
		};
		// IMMEDIATE compiles after the first evaluation (it needs the types that it saw); MIXED after 100
		for (int i = 0; i < 200; i++) {
			BenchmarkSupport.check(expected.equals(shortcut()) && expected.equals(spelStarterContext())
					&& expected.equals(spelMethodBasedContext()), this.key + ": the three cases give different keys");
		}
		BenchmarkSupport.check(this.librarySpel.compileExpression(), "SpEL did not compile " + this.librarySpel
			.getExpressionString());
		if (!this.key.equals("#warehouseId")) {
			Object[] nullOrder = { null, 7L };
			BenchmarkSupport.check(this.shortcut.key(nullOrder) == null, "the shortcut's key of a null order is not null");
			BenchmarkSupport.check(this.librarySpel.getValue(new MethodBasedEvaluationContext(
					new KeyRoot(this.method, nullOrder), this.method, nullOrder, this.parameterNames)) == null,
					"the library path's key of a null order is not null");
		}
	}

	@Benchmark
	public String shortcut() {
		return this.shortcut.key(this.arguments);
	}

	@Benchmark
	public String spelStarterContext() {
		return this.starterSpel.key(this.arguments);
	}

	@Benchmark
	public String spelMethodBasedContext() {
		Object[] arguments = this.arguments;
		Object value = this.librarySpel.getValue(new MethodBasedEvaluationContext(new KeyRoot(this.method, arguments),
				this.method, arguments, this.parameterNames));
		return (value != null) ? value.toString() : null;
	}

	/** The root object of the library path's context, as Resilience4j's and Spring's cache's have one. */
	public record KeyRoot(Method method, Object[] args) {
	}

	public record Customer(String id) {
	}

	/** A bean with getters, as an entity or a request object is. */
	public static final class Order {

		private final long id;

		private final Customer customer;

		private final String region;

		public Order(long id, Customer customer, String region) {
			this.id = id;
			this.customer = customer;
			this.region = region;
		}

		public long getId() {
			return this.id;
		}

		public Customer getCustomer() {
			return this.customer;
		}

		public String getRegion() {
			return this.region;
		}

	}

	/** The migrated method whose arguments the keys read. */
	public static class Warehouse {

		public void ship(Order order, long warehouseId) {
		}

	}

}
