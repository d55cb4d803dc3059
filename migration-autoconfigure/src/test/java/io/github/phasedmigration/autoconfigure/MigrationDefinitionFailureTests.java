package io.github.phasedmigration.autoconfigure;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.causeOfType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.Greeters.AmbiguousNewImplConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.BadNameConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.CallLog;
import io.github.phasedmigration.autoconfigure.Greeters.IncompatibleReturnTypeConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.MissingMethodConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.MissingNewImplConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.NewGreeter;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;

/**
 * Declarations that cannot work fail start-up, each with a line naming the annotated method, the
 * newImpl type and the fix; all of them at once.
 */
class MigrationDefinitionFailureTests {

	private static final String NEW_GREETER = NewGreeter.class.getName();

	private final ApplicationContextRunner runner = MigrationRunners.runner();

	private void assertSingleProblem(Class<?> configuration, Consumer<String> problem) {
		this.runner.withUserConfiguration(configuration).run((context) -> {
			MigrationDefinitionException failure = definitionFailure(context);
			assertThat(failure.getProblems()).singleElement().satisfies(problem);
			assertThat(failure.getMessage()).contains(failure.getProblems().get(0));
		});
	}

	private static MigrationDefinitionException definitionFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return causeOfType(context.getStartupFailure(), MigrationDefinitionException.class);
	}

	@Test
	void missingNewImplBean() {
		assertSingleProblem(MissingNewImplConfiguration.class, (problem) -> assertThat(problem)
			.contains("@PhasedMigration(name = \"greeting\", newImpl = " + Greeters.NewGreeter.class.getName()
					+ ") on Greeters.OldGreeter.greet(String)")
			.contains("no bean of newImpl type " + NEW_GREETER)
			.contains("declare one"));
	}

	@Test
	void newImplNamingTheAnnotatedInterfaceItself() {
		assertSingleProblem(SelfNamingConfiguration.class, (problem) -> assertThat(problem)
			.contains("newImpl = " + SelfNamingGreeter.class.getName())
			.contains("newImpl is the annotated type " + SelfNamingGreeter.class.getName())
			.contains("point newImpl at the new implementation's class"));
	}

	public interface SelfNamingGreeter {

		@PhasedMigration(name = "greeting", newImpl = SelfNamingGreeter.class)
		String greet(String name);

	}

	@Configuration(proxyBeanMethods = false)
	static class SelfNamingConfiguration {

		@Bean
		SelfNamingGreeter selfNamingGreeter() {
			return (name) -> "Hello " + name;
		}

	}

	@Test
	void twoBeansOfTheNewImplType() {
		assertSingleProblem(AmbiguousNewImplConfiguration.class, (problem) -> assertThat(problem)
			.contains("Greeters.OldGreeter.greet(String)")
			.contains("2 beans of newImpl type " + NEW_GREETER)
			.contains("firstNewGreeter")
			.contains("secondNewGreeter")
			.contains("mark one @Primary"));
	}

	@Test
	void aPrimaryBeanOfTheNewImplTypeIsTheNewImplementation() {
		this.runner.withUserConfiguration(PrimaryNewImplConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hi Bob");
				assertThat(context.getBean("primaryLog", CallLog.class).count("new")).isEqualTo(1);
				assertThat(context.getBean("otherLog", CallLog.class).count("new")).isZero();
			});
	}

	@Test
	void newImplWithoutTheMethod() {
		assertSingleProblem(MissingMethodConfiguration.class, (problem) -> assertThat(problem)
			.contains("Greeters.OldSaluter.salute(String)")
			.contains("newImpl " + NEW_GREETER + " has no public method salute(java.lang.String)")
			.contains("add it, or set newMethod"));
	}

	@Test
	void newMethodNamesTheMethodToCall() {
		this.runner.withUserConfiguration(NewMethodConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(OldSalutation.class).salute("Bob")).isEqualTo("Hi Bob");
			});
	}

	@Test
	void incompatibleReturnType() {
		assertSingleProblem(IncompatibleReturnTypeConfiguration.class, (problem) -> assertThat(problem)
			.contains("Greeters.OldCounter.count(String)")
			.contains(Greeters.NewCounter.class.getName() + ".count(java.lang.String) returns java.lang.Integer")
			.contains("not assignable to java.lang.String")
			.contains("make the new method return String"));
	}

	@Test
	void invalidName() {
		assertSingleProblem(BadNameConfiguration.class, (problem) -> assertThat(problem)
			.contains("@PhasedMigration(name = \"Bad Name\", newImpl = " + Greeters.NewGreeter.class.getName()
					+ ") on Greeters.BadlyNamedGreeter.greet(String)")
			.contains("the name is not allowed")
			.contains("lower-case letters, digits and single dashes"));
	}

	@Test
	void finalAnnotatedMethod() {
		assertSingleProblem(FinalMethodConfiguration.class, (problem) -> assertThat(problem)
			.contains("FinalGreeter.greet(String)")
			.contains("final")
			.contains("remove final"));
	}

	@Test
	void nonPublicAnnotatedMethod() {
		assertSingleProblem(PackagePrivateMethodConfiguration.class, (problem) -> assertThat(problem)
			.contains("PackagePrivateGreeter.greet(String)")
			.contains("not public")
			.contains("make it public"));
	}

	@Test
	void everyProblemIsListedAtOnce() {
		this.runner.withUserConfiguration(MissingMethodConfiguration.class, IncompatibleReturnTypeConfiguration.class)
			.run((context) -> {
				MigrationDefinitionException failure = definitionFailure(context);
				assertThat(failure.getProblems()).hasSize(2)
					.anySatisfy((problem) -> assertThat(problem).contains("OldSaluter.salute(String)"))
					.anySatisfy((problem) -> assertThat(problem).contains("OldCounter.count(String)"));
			});
	}

	@Test
	void bootExplainsTheFailureWithTheRegisteredFailureAnalyzer() {
		this.runner.withUserConfiguration(MissingNewImplConfiguration.class).run((context) -> {
			FailureAnalysis analysis = MigrationRunners.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("@PhasedMigration")
				.contains("Greeters.OldGreeter.greet(String)")
				.contains(NEW_GREETER);
			assertThat(analysis.getAction()).contains("single Spring bean");
			assertThat(analysis.getCause()).isInstanceOf(MigrationDefinitionException.class);
		});
	}

	// ---- configurations of this test

	@Configuration(proxyBeanMethods = false)
	static class PrimaryNewImplConfiguration {

		@Bean
		CallLog primaryLog() {
			return new CallLog();
		}

		@Bean
		CallLog otherLog() {
			return new CallLog();
		}

		@Bean
		OldGreeter oldGreeter() {
			return new OldGreeter(new CallLog());
		}

		@Bean
		@Primary
		NewGreeter primaryNewGreeter(@Qualifier("primaryLog") CallLog log) {
			return new NewGreeter(log);
		}

		@Bean
		NewGreeter otherNewGreeter(@Qualifier("otherLog") CallLog log) {
			return new NewGreeter(log);
		}

	}

	public static class OldSalutation {

		@PhasedMigration(name = "greeting", newImpl = NewGreeter.class, newMethod = "greet")
		public String salute(String name) {
			return "Salut " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NewMethodConfiguration {

		@Bean
		OldSalutation oldSalutation() {
			return new OldSalutation();
		}

		@Bean
		NewGreeter newGreeter() {
			return new NewGreeter(new CallLog());
		}

	}

	public static class FinalGreeter {

		@PhasedMigration(name = "greeting", newImpl = NewGreeter.class)
		public final String greet(String name) {
			return "Hello " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FinalMethodConfiguration {

		@Bean
		FinalGreeter finalGreeter() {
			return new FinalGreeter();
		}

		@Bean
		NewGreeter newGreeter() {
			return new NewGreeter(new CallLog());
		}

	}

	public static class PackagePrivateGreeter {

		@PhasedMigration(name = "greeting", newImpl = NewGreeter.class)
		String greet(String name) {
			return "Hello " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PackagePrivateMethodConfiguration {

		@Bean
		PackagePrivateGreeter packagePrivateGreeter() {
			return new PackagePrivateGreeter();
		}

		@Bean
		NewGreeter newGreeter() {
			return new NewGreeter(new CallLog());
		}

	}

}
