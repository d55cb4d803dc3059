package io.github.phasedmigration.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.phasedmigration.autoconfigure.Greeters.AsyncConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.CallLog;
import io.github.phasedmigration.autoconfigure.Greeters.ClassLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.Greeter;
import io.github.phasedmigration.autoconfigure.Greeters.InterfaceConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.NewGreeter;
import io.github.phasedmigration.autoconfigure.Greeters.NewInterfaceGreeter;
import io.github.phasedmigration.autoconfigure.Greeters.OldAsyncGreeter;
import io.github.phasedmigration.autoconfigure.Greeters.OldClassLevelGreeter;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.autoconfigure.Greeters.OldGuestBook;
import io.github.phasedmigration.autoconfigure.Greeters.WelcomeService;
import io.github.phasedmigration.autoconfigure.Greeters.WriteConfiguration;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.journal.InMemoryWriteJournal;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.eventually;
import static io.github.phasedmigration.autoconfigure.MigrationRunners.totalComparisons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Calls through the application context: the advisor finds annotated methods and runs them in their mode. */
class PhasedMigrationInterceptionTests {

	private final ApplicationContextRunner runner = MigrationRunners.runner();

	private static Migration greeting(AssertableApplicationContext context) {
		return context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
	}

	// ---- annotation on the method

	@Test
	void oldModeIsTheDefaultAndRunsOldOnly() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class).run((context) -> {
			assertThat(greeting(context).declaredMode()).isEqualTo(MigrationMode.OLD);
			assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hello Bob");
			CallLog log = context.getBean(CallLog.class);
			assertThat(log.count("new")).isZero();
			assertThat(greeting(context).counters().primaryCalls(Impl.OLD)).isEqualTo(1);
		});
	}

	@Test
	void newModeReturnsNewsResultAndDoesNotRunOld() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hi Bob");
				CallLog log = context.getBean(CallLog.class);
				assertThat(log.count("old")).isZero();
				assertThat(log.of("new")).singleElement()
					.satisfies((call) -> assertThat(call.thread()).isEqualTo(Thread.currentThread().getName()));
				assertThat(greeting(context).counters().primaryCalls(Impl.NEW)).isEqualTo(1);
			});
	}

	@Test
	void methodsWithoutTheAnnotationAreNotMigrated() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(context.getBean(OldGreeter.class).unrelated("Ann")).isEqualTo("unrelated Ann");
				assertThat(context.getBean(CallLog.class).count("new")).isZero();
			});
	}

	@Test
	void shadowReturnsOldsResultAndCountsAMatch() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				assertThat(context.getBean(OldGreeter.class).greet("Ann")).isEqualTo("Hello Ann");
				Migration migration = greeting(context);
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
				assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isZero();
				CallLog log = context.getBean(CallLog.class);
				assertThat(log.of("old")).singleElement()
					.satisfies((call) -> assertThat(call.thread()).isEqualTo(Thread.currentThread().getName()));
				assertThat(log.of("new")).singleElement()
					.satisfies((call) -> assertThat(call.thread()).startsWith("migration-secondary-"));
			});
	}

	@Test
	void shadowReturnsOldsResultAndCountsAMismatchWithADiscrepancy() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				assertThat(context.getBean(OldGreeter.class).greet("Bob")).isEqualTo("Hello Bob");
				Migration migration = greeting(context);
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isEqualTo(1);
				assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isZero();
				assertThat(migration.counters().mismatches(MismatchCategory.VALUE)).isEqualTo(1);
				eventually().until(() -> !migration.recentDiscrepancies().isEmpty());
				assertThat(migration.recentDiscrepancies()).singleElement().satisfies((discrepancy) -> {
					assertThat(discrepancy.method()).isEqualTo("Greeters.OldGreeter.greet(String)");
					assertThat(discrepancy.oldResult()).contains("Hello Bob");
					assertThat(discrepancy.newResult()).contains("Hi Bob");
				});
			});
	}

	@Test
	void shadowGivesOldsExceptionToTheCallerUntouched() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				OldGreeter greeter = context.getBean(OldGreeter.class);
				assertThatIllegalStateException().isThrownBy(() -> greeter.greet("fail")).withMessage("old failed");
				Migration migration = greeting(context);
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(migration.counters().errors(Impl.OLD)).isEqualTo(1);
				assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH))
					.as("old threw, new returned: a discrepancy")
					.isEqualTo(1);
				assertThat(migration.counters().mismatches(MismatchCategory.OLD_ERROR)).isEqualTo(1);
			});
	}

	@Test
	void aCallKeepsTheModeItStartedWithAndAnOverrideAppliesToTheNextCall() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class).run((context) -> {
			OldGreeter greeter = context.getBean(OldGreeter.class);
			assertThat(greeter.greet("Bob")).isEqualTo("Hello Bob");
			greeting(context).override(MigrationMode.NEW, "test", null, "switch");
			assertThat(greeter.greet("Bob")).isEqualTo("Hi Bob");
			greeting(context).resetOverride("test", null, "back");
			assertThat(greeter.greet("Bob")).isEqualTo("Hello Bob");
		});
	}

	@Test
	void reverseShadowServesNewAndRunsOldThroughTheProxyChainOnThePool() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=REVERSE_SHADOW")
			.run((context) -> {
				assertThat(context.getBean(OldGreeter.class).greet("Ann")).isEqualTo("Hello Ann");
				Migration migration = greeting(context);
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
				CallLog log = context.getBean(CallLog.class);
				assertThat(log.of("new")).singleElement()
					.satisfies((call) -> assertThat(call.thread()).isEqualTo(Thread.currentThread().getName()));
				assertThat(log.of("old")).singleElement()
					.satisfies((call) -> assertThat(call.thread()).startsWith("migration-secondary-"));
			});
	}

	// ---- writes

	@Test
	void shadowWriteRunsOldThenNewOnTheCallersThread() {
		this.runner.withUserConfiguration(WriteConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				assertThat(context.getBean(OldGuestBook.class).sign("Ann")).isEqualTo("old-Ann");
				CallLog log = context.getBean(CallLog.class);
				assertThat(log.calls()).extracting(CallLog.Call::impl).containsExactly("old", "new");
				assertThat(log.calls()).extracting(CallLog.Call::thread)
					.containsOnly(Thread.currentThread().getName());
			});
	}

	@Test
	void failedSecondaryWriteGoesToTheJournalBeanAndNotToTheCaller() {
		InMemoryWriteJournal journal = new InMemoryWriteJournal();
		this.runner.withUserConfiguration(WriteConfiguration.class)
			.withBean(WriteJournal.class, () -> journal)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW",
					"migration.journal.reconciler.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(OldGuestBook.class).sign("Mallory")).isEqualTo("old-Mallory");
				assertThat(journal.claim(10, Duration.ofMinutes(1), Instant.now())).singleElement()
					.satisfies((entry) -> {
						assertThat(entry.migration()).isEqualTo(Greeters.MIGRATION);
						assertThat(entry.impl()).isEqualTo(Impl.NEW);
						assertThat(entry.liveArguments()).containsExactly("Mallory");
						assertThat(entry.method()).endsWith("#sign(java.lang.String)");
						assertThat(entry.lastError()).contains("new store refused Mallory");
					});
				assertThat(greeting(context).counters().failedWrites()).isEqualTo(1);
			});
	}

	// ---- annotation on an interface method

	@Test
	void annotationOnAnInterfaceMethodIsHonouredForCallersOfTheInterface() {
		this.runner.withUserConfiguration(InterfaceConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Greeter greeter = context.getBean(Greeter.class);
				assertThat(AopUtils.isAopProxy(greeter)).isTrue();
				assertThat(context.getBean(WelcomeService.class).welcome("Bob")).isEqualTo("Hi Bob!");
				CallLog log = context.getBean(CallLog.class);
				assertThat(log.count("old")).isZero();
				assertThat(log.count("new")).as("new ran once: it is not intercepted in its turn").isEqualTo(1);
			});
	}

	@Test
	void annotationOnAnInterfaceMethodInShadowComparesBothSides() {
		this.runner.withUserConfiguration(InterfaceConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				assertThat(context.getBean(WelcomeService.class).welcome("Bob")).isEqualTo("Hello Bob!");
				Migration migration = greeting(context);
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isEqualTo(1);
			});
	}

	@Test
	void annotationOnAnInterfaceMethodWorksThroughAJdkProxyAsRepositoriesUse() {
		this.runner.withUserConfiguration(InterfaceConfiguration.class)
			.withPropertyValues("spring.aop.proxy-target-class=false", "migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Greeter greeter = context.getBean(Greeter.class);
				assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
				assertThat(context.getBean(WelcomeService.class).welcome("Bob")).isEqualTo("Hello Bob!");
				Migration migration = greeting(context);
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isEqualTo(1);
				assertThat(context.getBean(MigrationMethods.class).methodsByMigration().get("greeting"))
					.containsExactly("Greeters.OldInterfaceGreeter.greet(String)");
			});
	}

	@Test
	void newImplementationOfTheAnnotatedInterfaceIsNotIntercepted() {
		this.runner.withUserConfiguration(InterfaceConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				NewInterfaceGreeter newGreeter = context.getBean(NewInterfaceGreeter.class);
				assertThat(AopUtils.isAopProxy(newGreeter)).as("no advisor applies to the new implementation")
					.isFalse();
				assertThat(newGreeter.greet("Bob")).isEqualTo("Hi Bob");
				CallLog log = context.getBean(CallLog.class);
				assertThat(log.count("new")).isEqualTo(1);
				assertThat(log.count("old")).as("calling new directly runs no old shadow").isZero();
				assertThat(greeting(context).counters().calls(Impl.NEW)).isZero();
			});
	}

	@Test
	void newImplementationOfAnAnnotatedMethodIsNotIntercepted() {
		this.runner.withUserConfiguration(MethodLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(AopUtils.isAopProxy(context.getBean(NewGreeter.class))).isFalse();
				assertThat(context.getBean(NewGreeter.class).greet("Bob")).isEqualTo("Hi Bob");
				assertThat(greeting(context).counters().calls(Impl.NEW)).isZero();
			});
	}

	// ---- annotation on the class

	@Test
	void classLevelAnnotationMigratesEveryPublicMethod() {
		this.runner.withUserConfiguration(ClassLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=NEW")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OldClassLevelGreeter greeter = context.getBean(OldClassLevelGreeter.class);
				assertThat(greeter.greet("Bob")).isEqualTo("Hi Bob");
				assertThat(greeter.farewell("Bob")).isEqualTo("Bye Bob");
				assertThat(greeter.motto()).as("not public: not migrated").isEqualTo("old motto");
				CallLog log = context.getBean(CallLog.class);
				assertThat(log.of("old")).extracting(CallLog.Call::method).containsExactly("motto");
				assertThat(log.of("new")).extracting(CallLog.Call::method).containsExactly("greet", "farewell");
				assertThat(greeting(context).counters().primaryCalls(Impl.NEW)).isEqualTo(2);
			});
	}

	@Test
	void classLevelAnnotationInShadowComparesEachMethod() {
		this.runner.withUserConfiguration(ClassLevelConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> {
				OldClassLevelGreeter greeter = context.getBean(OldClassLevelGreeter.class);
				assertThat(greeter.greet("Ann")).isEqualTo("Hello Ann");
				assertThat(greeter.farewell("Ann")).isEqualTo("Goodbye Ann");
				Migration migration = greeting(context);
				eventually().until(() -> totalComparisons(migration) == 2);
				assertThat(migration.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(1);
				assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isEqualTo(1);
			});
	}

	// ---- asynchronous methods

	@Test
	void reverseShadowOfACompletableFutureServesNewAndComparesWithOld() {
		this.runner.withUserConfiguration(AsyncConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=REVERSE_SHADOW")
			.run((context) -> {
				CompletableFuture<String> result = context.getBean(OldAsyncGreeter.class).greetLater("Bob");
				assertThat(result).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("Hi Bob");
				Migration migration = greeting(context);
				eventually().until(() -> totalComparisons(migration) == 1);
				assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isEqualTo(1);
				assertThat(migration.counters().primaryCalls(Impl.NEW)).isEqualTo(1);
				assertThat(migration.counters().calls(Impl.OLD)).isEqualTo(1);
				assertThat(migration.counters().fallbacks()).isZero();
				assertThat(context.getBean(CallLog.class).of("old")).singleElement()
					.satisfies((call) -> assertThat(call.thread()).startsWith("migration-secondary-"));
			});
	}

	@Test
	void reverseShadowOfACompletableFutureFallsBackToOldWhenNewFails() {
		this.runner.withUserConfiguration(AsyncConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=reverse-shadow")
			.run((context) -> {
				CompletableFuture<String> result = context.getBean(OldAsyncGreeter.class).greetLater("new-fails");
				assertThat(result).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("Hello new-fails");
				Migration migration = greeting(context);
				eventually().until(() -> migration.counters().fallbacks() == 1);
				assertThat(migration.counters().errors(Impl.NEW)).isEqualTo(1);
			});
	}

	@Test
	void reverseShadowWithoutFallbackGivesNewsFailure() {
		this.runner.withUserConfiguration(AsyncConfiguration.class)
			.withPropertyValues("migration.instances.greeting.mode=REVERSE_SHADOW",
					"migration.instances.greeting.fallback=false")
			.run((context) -> {
				CompletableFuture<String> result = context.getBean(OldAsyncGreeter.class).greetLater("new-fails");
				assertThat(result).failsWithin(Duration.ofSeconds(5))
					.withThrowableThat()
					.havingRootCause()
					.withMessage("new is down");
				assertThat(greeting(context).counters().fallbacks()).isZero();
			});
	}

}
