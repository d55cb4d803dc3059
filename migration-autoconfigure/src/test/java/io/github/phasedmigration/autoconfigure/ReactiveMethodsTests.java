package io.github.phasedmigration.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.causeOfType;
import static io.github.phasedmigration.autoconfigure.MigrationRunners.eventually;
import static io.github.phasedmigration.autoconfigure.MigrationRunners.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;

/** Methods returning Mono and Flux, through the advisor of a real context. */
class ReactiveMethodsTests {

	private static Migration migration(org.springframework.context.ApplicationContext context, String name) {
		return context.getBean(MigrationRegistry.class).find(name).orElseThrow();
	}

	@Test
	void monoAndFluxReadsAreComparedInShadow() {
		MigrationRunners.runner()
			.withUserConfiguration(ReactiveConfiguration.class)
			.withPropertyValues("migration.instances.prices.mode=SHADOW", "migration.reactive.max-elements=2")
			.run((context) -> {
				OldPrices prices = context.getBean(OldPrices.class);
				StepVerifier.create(prices.price("a")).expectNext(10).verifyComplete();
				StepVerifier.create(prices.all()).expectNext(1, 2, 3, 4).verifyComplete();
				Migration migration = migration(context, "prices");
				eventually().until(() -> totalComparisons(migration) == 2);
				assertThat(migration.counters().comparisons(ComparisonResult.MATCH))
					.as("the price, and 1, 2, 3, 4 against new's 1, 2, 3, 9: only the first three are kept for "
							+ "max-elements 2")
					.isEqualTo(2);
				assertThat(context.getBean(NewPrices.class).calls).containsExactly("price", "all");
			});
	}

	@Test
	void aFluxDifferingWithinTheKeptElementsIsAMismatch() {
		MigrationRunners.runner()
			.withUserConfiguration(ReactiveConfiguration.class)
			.withPropertyValues("migration.instances.prices.mode=SHADOW")
			.run((context) -> {
				StepVerifier.create(context.getBean(OldPrices.class).all()).expectNext(1, 2, 3, 4).verifyComplete();
				Migration migration = migration(context, "prices");
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(1);
			});
	}

	@Test
	void aMonoWriteWritesOldThenNew() {
		MigrationRunners.runner()
			.withUserConfiguration(ReactiveConfiguration.class)
			.withPropertyValues("migration.instances.prices.mode=SHADOW")
			.run((context) -> {
				StepVerifier.create(context.getBean(OldPrices.class).save("a", 5)).expectNext("old a")
					.verifyComplete();
				assertThat(context.getBean(CallOrder.class).calls).containsExactly("old save a", "new save a");
			});
	}

	@Test
	void oldsOwnAdviceRunsAtEachSubscriptionOfAReactiveWrite() {
		MigrationRunners.runner()
			.withUserConfiguration(ReactiveConfiguration.class, InnerAdviceConfiguration.class)
			.withPropertyValues("migration.instances.prices.mode=REVERSE_SHADOW")
			.run((context) -> {
				Mono<String> write = context.getBean(OldPrices.class).save("a", 5);
				StepVerifier.create(write).expectNext("new a").verifyComplete();
				StepVerifier.create(write).expectNext("new a").verifyComplete();
				assertThat(context.getBean(CallOrder.class).calls).containsExactly("new save a", "old save a",
						"new save a", "old save a");
				assertThat(context.getBean(InnerAdvice.class).calls)
					.as("the advice after the migration's wraps old's second write both times")
					.hasValue(2);
			});
	}

	@Test
	void aFailedReactiveSecondWriteIsReplayedFromTheJournal() {
		MigrationRunners.runner()
			.withUserConfiguration(ReactiveConfiguration.class)
			.withPropertyValues("migration.instances.prices.mode=SHADOW",
					"migration.journal.reconciler.poll-interval=100ms",
					"migration.journal.reconciler.initial-backoff=100ms")
			.run((context) -> {
				NewPrices newPrices = context.getBean(NewPrices.class);
				newPrices.failNextSave.set(true);
				StepVerifier.create(context.getBean(OldPrices.class).save("b", 7)).expectNext("old b")
					.verifyComplete();
				eventually().until(() -> context.getBean(CallOrder.class).calls.contains("new save b"));
				assertThat(context.getBean(CallOrder.class).calls)
					.as("the replay subscribed the Mono new returned: nothing is written until then")
					.containsExactly("old save b", "new save b");
			});
	}

	@Test
	void aFluxWriteIsRefusedAtStartUp() {
		MigrationRunners.runner().withUserConfiguration(FluxWriteConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(causeOfType(context.getStartupFailure(), MigrationDefinitionException.class).getProblems())
				.singleElement()
				.asString()
				.contains("FluxWriter.saveAll(List)")
				.contains("reactive writes must return Mono");
		});
	}

	@Test
	void anotherPublisherIsRefusedAtStartUp() {
		MigrationRunners.runner().withUserConfiguration(PublisherConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(causeOfType(context.getStartupFailure(), MigrationDefinitionException.class).getProblems())
				.singleElement()
				.asString()
				.contains("returns " + NamePublisher.class.getName())
				.contains("Mono or Flux");
		});
	}

	@Test
	void maxElementsBelowOneFailsStartUpNamingTheKey() {
		MigrationRunners.runner()
			.withUserConfiguration(ReactiveConfiguration.class)
			.withPropertyValues("migration.reactive.max-elements=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("migration.reactive.max-elements must be at least 1, was 0"));
	}

	@Test
	void applicationsWithoutReactorStillMigrate() {
		MigrationRunners.runner()
			.withClassLoader(new FilteredClassLoader("reactor.", "org.reactivestreams."))
			.withUserConfiguration(Greeters.MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Greeters.OldGreeter.class).greet("Bob")).isEqualTo("Hello Bob");
				Migration migration = migration(context, Greeters.MIGRATION);
				eventually().until(() -> totalComparisons(migration) == 1);
			});
	}

	/** Who wrote what, in order. */
	static class CallOrder {

		final List<String> calls = new CopyOnWriteArrayList<>();

	}

	public static class OldPrices {

		private final CallOrder order;

		public OldPrices(CallOrder order) {
			this.order = order;
		}

		@PhasedMigration(name = "prices", newImpl = NewPrices.class)
		public Mono<Integer> price(String sku) {
			return Mono.just(10);
		}

		@PhasedMigration(name = "prices", newImpl = NewPrices.class)
		public Flux<Integer> all() {
			return Flux.just(1, 2, 3, 4);
		}

		@PhasedMigration(name = "prices", newImpl = NewPrices.class, kind = MigrationKind.WRITE)
		public Mono<String> save(String sku, int price) {
			return Mono.fromCallable(() -> {
				this.order.calls.add("old save " + sku);
				return "old " + sku;
			});
		}

	}

	public static class NewPrices {

		final List<String> calls = new CopyOnWriteArrayList<>();

		final AtomicBoolean failNextSave = new AtomicBoolean();

		private final CallOrder order;

		public NewPrices(CallOrder order) {
			this.order = order;
		}

		public Mono<Integer> price(String sku) {
			this.calls.add("price");
			return Mono.just(10);
		}

		public Flux<Integer> all() {
			this.calls.add("all");
			return Flux.just(1, 2, 3, 9);
		}

		public Mono<String> save(String sku, int price) {
			return Mono.fromCallable(() -> {
				if (this.failNextSave.compareAndSet(true, false)) {
					throw new IllegalStateException("new store is down");
				}
				this.order.calls.add("new save " + sku);
				return "new " + sku;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveConfiguration {

		@Bean
		CallOrder callOrder() {
			return new CallOrder();
		}

		@Bean
		OldPrices oldPrices(CallOrder order) {
			return new OldPrices(order);
		}

		@Bean
		NewPrices newPrices(CallOrder order) {
			return new NewPrices(order);
		}

	}

	/** Advice that Spring orders after the migration's (transactions, security and caching are such advice). */
	static class InnerAdvice implements MethodInterceptor {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			if (invocation.getMethod().getName().equals("save")) {
				this.calls.incrementAndGet();
			}
			return invocation.proceed();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InnerAdviceConfiguration {

		@Bean
		static InnerAdvice innerAdvice() {
			return new InnerAdvice();
		}

		@Bean
		static Advisor innerAdvisor(InnerAdvice advice) {
			DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
					new AnnotationMatchingPointcut(null, PhasedMigration.class, true), advice);
			advisor.setOrder(Ordered.LOWEST_PRECEDENCE);
			return advisor;
		}

	}

	public static class FluxWriter {

		@PhasedMigration(name = "writes", newImpl = NewFluxWriter.class, kind = MigrationKind.WRITE)
		public Flux<String> saveAll(List<String> names) {
			return Flux.fromIterable(names);
		}

	}

	public static class NewFluxWriter {

		public Flux<String> saveAll(List<String> names) {
			return Flux.fromIterable(names);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FluxWriteConfiguration {

		@Bean
		FluxWriter fluxWriter() {
			return new FluxWriter();
		}

		@Bean
		NewFluxWriter newFluxWriter() {
			return new NewFluxWriter();
		}

	}

	/** A publisher of another library: the engine could not tell how to wait for it. */
	public static class NamePublisher implements Publisher<String> {

		@Override
		public void subscribe(Subscriber<? super String> subscriber) {
			Flux.just("name").subscribe(subscriber);
		}

	}

	public static class PublisherReader {

		@PhasedMigration(name = "names", newImpl = NewPublisherReader.class)
		public NamePublisher names() {
			return new NamePublisher();
		}

	}

	public static class NewPublisherReader {

		public NamePublisher names() {
			return new NamePublisher();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PublisherConfiguration {

		@Bean
		PublisherReader publisherReader() {
			return new PublisherReader();
		}

		@Bean
		NewPublisherReader newPublisherReader() {
			return new NewPublisherReader();
		}

	}

}
