package io.github.phasedmigration.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Before;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.Greeters.CallLog;
import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.causeOfType;
import static io.github.phasedmigration.autoconfigure.MigrationRunners.eventually;
import static io.github.phasedmigration.autoconfigure.MigrationRunners.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Old's other advice belongs to old's run, wherever it runs; generic interfaces resolve to the
 * implementation's signature; futures that the engine could not await are refused at start-up;
 * a refresh with one bad comparator changes nothing.
 */
class AdviceChainAndSignatureTests {

	private final ApplicationContextRunner runner = MigrationRunners.runner();

	@Test
	void oldsOwnAspectRunsWithOldEvenOnAPoolThreadInReverseShadow() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class, AuditConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=REVERSE_SHADOW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hi Bob");
				Migration migration = context.getBean(MigrationRegistry.class).find("greeting").orElseThrow();
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH))
					.as("old ran through its aspect and returned").isEqualTo(1);
				AuditAspect audit = context.getBean(AuditAspect.class);
				CallLog log = context.getBean(CallLog.class);
				assertThat(audit.threads).as("the aspect ran once, inside old's run")
					.containsExactly(log.of("old").get(0).thread());
				assertThat(audit.threads.get(0)).startsWith("migration-secondary-");
			});
	}

	@Test
	void aGenericInterfaceMethodResolvesToTheImplementationsSignature() {
		this.runner.withUserConfiguration(GenericConfiguration.class)
			.withPropertyValues("migration.instances.saving.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				@SuppressWarnings("unchecked")
				Saver<String> saver = context.getBean(Saver.class);
				assertThat(saver.save("x")).isEqualTo("new saved x");
				assertThat(context.getBean(MigrationMethods.class).methodsByMigration().get("saving"))
					.containsExactly("AdviceChainAndSignatureTests.OldSaver.save(String)");
			});
	}

	@Test
	void aPlainFutureIsRefusedAtStartUp() {
		this.runner.withUserConfiguration(FutureConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			MigrationDefinitionException failure = causeOfType(context.getStartupFailure(),
					MigrationDefinitionException.class);
			assertThat(failure.getProblems()).singleElement()
				.asString()
				.contains("OldFutureGreeter.greet(String)")
				.contains("returns java.util.concurrent.Future")
				.contains("CompletionStage, CompletableFuture, Mono or Flux");
		});
	}

	@Test
	void aComparatorThatIsNoComparatorFailsStartUpNamingTheKey() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.comparator=java.lang.String")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(causeOfType(context.getStartupFailure(), MigrationDefinitionException.class).getProblems())
					.singleElement()
					.asString()
					.contains("migration.instances.greeting.comparator = java.lang.String does not implement");
			});
	}

	@Test
	void aRefreshWithOneBadComparatorChangesNoMigration() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class, GenericConfiguration.class)
			.run((context) -> {
				context.getEnvironment()
					.getPropertySources()
					.addFirst(new MapPropertySource("refreshed",
							Map.of("migration.instances.greeting.mode", "NEW", "migration.instances.saving.mode",
									"NEW", "migration.instances.saving.comparator", "java.lang.String")));
				context.publishEvent(new EnvironmentChangeEvent(context, java.util.Set.of("migration.instances")));
				MigrationRegistry registry = context.getBean(MigrationRegistry.class);
				assertThat(registry.find("greeting").orElseThrow().effectiveMode()).isEqualTo(MigrationMode.OLD);
				assertThat(registry.find("saving").orElseThrow().effectiveMode()).isEqualTo(MigrationMode.OLD);
				assertThat(registry.find("saving").orElseThrow().settings().comparator())
					.isInstanceOf(DeepEqualsComparator.class);
			});
	}

	@Aspect
	public static class AuditAspect {

		final List<String> threads = new CopyOnWriteArrayList<>();

		@Before("execution(* io.github.phasedmigration.autoconfigure.Greeters.OldGreeter.greet(..))")
		public void audit(JoinPoint joinPoint) {
			this.threads.add(Thread.currentThread().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuditConfiguration {

		@Bean
		AuditAspect auditAspect() {
			return new AuditAspect();
		}

	}

	public interface Saver<T> {

		@PhasedMigration(name = "saving", newImpl = NewSaver.class)
		String save(T item);

	}

	public static class OldSaver implements Saver<String> {

		@Override
		public String save(String item) {
			return "old saved " + item;
		}

	}

	public static class NewSaver {

		public String save(String item) {
			return "new saved " + item;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GenericConfiguration {

		@Bean
		Saver<String> oldSaver() {
			return new OldSaver();
		}

		@Bean
		NewSaver newSaver() {
			return new NewSaver();
		}

	}

	public static class OldFutureGreeter {

		@PhasedMigration(name = "greeting", newImpl = NewFutureGreeter.class)
		public Future<String> greet(String name) {
			return new FutureTask<>(() -> "Hello " + name);
		}

	}

	public static class NewFutureGreeter {

		public Future<String> greet(String name) {
			return new FutureTask<>(() -> "Hi " + name);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FutureConfiguration {

		@Bean
		OldFutureGreeter oldFutureGreeter() {
			return new OldFutureGreeter();
		}

		@Bean
		NewFutureGreeter newFutureGreeter() {
			return new NewFutureGreeter();
		}

	}

	@Test
	void aGenericReturnTypeMustMatchToo() {
		this.runner.withUserConfiguration(ListConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(causeOfType(context.getStartupFailure(), MigrationDefinitionException.class).getProblems())
				.singleElement()
				.asString()
				.contains("OldLister.names()")
				.contains("java.util.List<java.lang.Integer>, which is not assignable to java.util.List<java.lang.String>");
		});
	}

	@Test
	void aCompatibleGenericReturnTypeIsAccepted() {
		this.runner.withUserConfiguration(CompatibleListConfiguration.class)
			.withPropertyValues("migration.instances.listing.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(OldLister.class).names()).containsExactly("new");
			});
	}

	@Test
	void aGenericReturnTypeIsReadFromTheNewBeansOwnClassWhenItIsProxied() {
		// the sample app caught this one: its @Repository new ledger sits behind a class-based proxy
		this.runner.withUserConfiguration(ProxiedNewListerConfiguration.class)
			.withPropertyValues("migration.instances.listing.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(org.springframework.aop.support.AopUtils.isCglibProxy(context.getBean(NewListLister.class)))
					.isTrue();
				assertThat(context.getBean(OldLister.class).names()).containsExactly("new");
			});
	}

	@Aspect
	public static class TouchNewLister {

		@Before("execution(* io.github.phasedmigration.autoconfigure.AdviceChainAndSignatureTests.NewListLister.*(..))")
		public void touch() {
		}

	}

	/** A shared interface, as both ledgers of the sample implement one. */
	public interface Lister {

		List<String> names();

	}

	public static class NewListLister implements Lister {

		@Override
		public List<String> names() {
			return List.of("new");
		}

	}

	public static class OldListerToList extends OldLister {

		@Override
		@PhasedMigration(name = "listing", newImpl = NewListLister.class)
		public List<String> names() {
			return List.of("old");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProxiedNewListerConfiguration {

		@Bean
		OldLister oldLister() {
			return new OldListerToList();
		}

		@Bean
		NewListLister newListLister() {
			return new NewListLister();
		}

		@Bean
		TouchNewLister touchNewLister() {
			return new TouchNewLister();
		}

	}

	public static class OldLister {

		@PhasedMigration(name = "listing", newImpl = NewLister.class)
		public List<String> names() {
			return List.of("old");
		}

	}

	public static class NewLister {

		public List<Integer> names() {
			return List.of(1);
		}

	}

	public static class NewArrayLister {

		public java.util.ArrayList<String> names() {
			return new java.util.ArrayList<>(List.of("new"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListConfiguration {

		@Bean
		OldLister oldLister() {
			return new OldLister();
		}

		@Bean
		NewLister newLister() {
			return new NewLister();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CompatibleListConfiguration {

		@Bean
		OldLister oldLister() {
			return new OldListerToArray();
		}

		@Bean
		NewArrayLister newArrayLister() {
			return new NewArrayLister();
		}

	}

	public static class OldListerToArray extends OldLister {

		@Override
		@PhasedMigration(name = "listing", newImpl = NewArrayLister.class)
		public List<String> names() {
			return List.of("old");
		}

	}

}
