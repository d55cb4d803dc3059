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

import io.github.phasedmigration.autoconfigure.replay.MigrationKeyExpression;

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
 * and compiled ({@code SpelCompilerMode.MIXED}, as the starter's; {@code IMMEDIATE} compiles at the
 * first call instead of the hundred-and-first, and throws where {@code MIXED} goes back to the
 * interpreter: on the fourth key below), evaluated against a
 * {@link MethodBasedEvaluationContext} created for every call (it holds the call's arguments), with a
 * {@link DefaultParameterNameDiscoverer}, on a root object of the method and the arguments. Every
 * {@code .} is written {@code ?.}, so that a {@code null} along the path gives a {@code null} key as
 * the shortcut does (plain SpEL throws there); the key is the value's {@code toString()}.</li>
 * </ul>
 *
 * The keys: a parameter itself ({@code #warehouseId}, a {@code long}, as {@code OverheadBenchmark}'s
 * sticky canary keys by {@code #x}), a property of a bean ({@code #order.id}, a getter), two steps
 * ({@code #order.customer.id}, a getter, then a record's accessor), and a property of a parameter
 * declared as an interface whose calls bring two implementations in turn ({@code #shipment.id}: a
 * {@code Parcel}, then a {@code Pallet}, and so on). Compiled SpEL casts to the class that declared
 * the property in the arguments it was compiled on, so another class makes it fail, go back to the
 * interpreter and compile again a hundred calls later; a method handle calls the interface's method,
 * whatever the class. Every case takes the two argument arrays in turn, whatever its key. The
 * set-up checks that the three give the same key, that a {@code null} order gives a {@code null}
 * key on both paths, and that SpEL did compile the library path's expression.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g", BenchmarkSupport.NO_SHUTDOWN_WAIT })
@State(Scope.Benchmark)
public class KeyExpressionBenchmark {

	@Param({ "#warehouseId", "#order.id", "#order.customer.id", "#shipment.id" })
	public String key;

	private Method method;

	/** The arguments of a call with a parcel, and of a call with a pallet: the cases take them in turn. */
	private Object[] parcelArguments;

	private Object[] palletArguments;

	private boolean pallet;

	private MigrationKeyExpression shortcut;

	private MigrationKeyExpression starterSpel;

	private SpelExpression librarySpel;

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	@Setup(Level.Trial)
	public void compile() throws Exception {
		this.method = Warehouse.class.getMethod("ship", Order.class, long.class, Shipment.class);
		Order order = new Order(4711, new Customer("c-42"), "eu");
		this.parcelArguments = new Object[] { order, 7L, new Parcel(99) };
		this.palletArguments = new Object[] { order, 7L, new Pallet(99) };
		this.shortcut = MigrationKeyExpression.compile(this.key, this.method, Warehouse.class);
		BenchmarkSupport.check(this.shortcut.isPlainPath(), this.key + " is not read as a plain path");
		this.starterSpel = MigrationKeyExpression.compile("(" + this.key + ")", this.method, Warehouse.class);
		BenchmarkSupport.check(!this.starterSpel.isPlainPath(), "(" + this.key + ") is read as a plain path");
		SpelExpressionParser parser = new SpelExpressionParser(
				new SpelParserConfiguration(SpelCompilerMode.MIXED, Warehouse.class.getClassLoader()));
		this.librarySpel = parser.parseRaw(this.key.replace(".", "?."));
		String expected = switch (this.key) {
			case "#warehouseId" -> "7";
			case "#order.id" -> "4711";
			case "#shipment.id" -> "99";
			default -> "c-42";
		};
		// MIXED compiles after 100 interpreted evaluations
		for (int i = 0; i < 200; i++) {
			BenchmarkSupport.check(expected.equals(shortcut()) && expected.equals(spelStarterContext())
					&& expected.equals(spelMethodBasedContext()), this.key + ": the three cases give different keys");
		}
		BenchmarkSupport.check(this.librarySpel.compileExpression(), "SpEL did not compile " + this.librarySpel
			.getExpressionString());
		if (this.key.startsWith("#order")) {
			Object[] nullOrder = { null, 7L, new Parcel(99) };
			BenchmarkSupport.check(this.shortcut.key(nullOrder) == null, "the shortcut's key of a null order is not null");
			BenchmarkSupport.check(this.librarySpel.getValue(new MethodBasedEvaluationContext(
					new KeyRoot(this.method, nullOrder), this.method, nullOrder, this.parameterNames)) == null,
					"the library path's key of a null order is not null");
		}
	}

	/** The next call's arguments: a parcel's, then a pallet's, and so on. */
	private Object[] arguments() {
		boolean pallet = !this.pallet;
		this.pallet = pallet;
		return pallet ? this.palletArguments : this.parcelArguments;
	}

	@Benchmark
	public String shortcut() {
		return this.shortcut.key(arguments());
	}

	@Benchmark
	public String spelStarterContext() {
		return this.starterSpel.key(arguments());
	}

	@Benchmark
	public String spelMethodBasedContext() {
		Object[] arguments = arguments();
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

	/** What a warehouse ships, of more than one class. */
	public interface Shipment {

		long getId();

	}

	public static final class Parcel implements Shipment {

		private final long id;

		public Parcel(long id) {
			this.id = id;
		}

		@Override
		public long getId() {
			return this.id;
		}

	}

	public static final class Pallet implements Shipment {

		private final long id;

		public Pallet(long id) {
			this.id = id;
		}

		@Override
		public long getId() {
			return this.id;
		}

	}

	/** The migrated method whose arguments the keys read. */
	public static class Warehouse {

		public void ship(Order order, long warehouseId, Shipment shipment) {
		}

	}

}
