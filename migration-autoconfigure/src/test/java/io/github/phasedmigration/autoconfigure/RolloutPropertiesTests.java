package io.github.phasedmigration.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.validation.ObjectError;

import io.github.phasedmigration.autoconfigure.Prices.OldPrices;
import io.github.phasedmigration.autoconfigure.Prices.PricesConfiguration;
import io.github.phasedmigration.autoconfigure.events.MigrationEventPublisher;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.ModeChange;
import io.github.phasedmigration.core.rollout.Bucketing;
import io.github.phasedmigration.core.rollout.Rollout;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.causeOfType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code percentage}, {@code salt}, {@code allow-list}, {@code sample-rate}, {@code criteria.*} and
 * {@code auto-rollback.*} from configuration: how they bind (from YAML, as users write them), what
 * fails start-up and with which message, unknown keys, and what a refresh does with them.
 */
@ExtendWith(OutputCaptureExtension.class)
class RolloutPropertiesTests {

	private static final String PREFIX = "migration.instances.prices.";

	private final ApplicationContextRunner runner = MigrationRunners.runner()
		.withUserConfiguration(PricesConfiguration.class)
		.withBean(RecordedEvents.class);

	/** Adds an {@code application.yml} of this text, as Boot loads one. */
	private static ApplicationContextRunner yaml(ApplicationContextRunner runner, String yaml) {
		return runner.withInitializer((context) -> {
			try {
				List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yml",
						new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "application.yml"));
				sources.forEach(context.getEnvironment().getPropertySources()::addLast);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static Migration migration(AssertableApplicationContext context, String name) {
		return context.getBean(MigrationRegistry.class).find(name).orElseThrow();
	}

	/** What Spring Cloud does on a refresh: new property values first, then the event. */
	private static void refresh(AssertableApplicationContext context, Map<String, Object> properties) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("refreshed-" + System.nanoTime(), properties));
		context.publishEvent(new EnvironmentChangeEvent(context, properties.keySet()));
	}

	private static final String CANARY_YAML = """
			migration:
			  defaults:
			    criteria:
			      bucket: 30s
			      buckets: 4
			      min-calls: 100
			      max-error-rate: 0.2
			    auto-rollback:
			      enabled: true
			      after-failing-windows: 5
			  instances:
			    prices:
			      mode: reverse-shadow
			      percentage: 5.5
			      salt: spring-sale
			      allow-list:
			        - vip-1
			        - vip-2
			      sample-rate: 0.1
			      criteria:
			        bucket: 10s
			        min-calls: 50
			        max-discrepancy-rate-before-new: 0.0005
			        latency-percentile: 0.95
			        latency-margin: 5ms
			      auto-rollback:
			        after-failing-windows: 2
			    stock:
			      mode: shadow
			""";

	// ---- binding

	@Test
	void yamlBindsIntoTheRolloutOfTheMigration() {
		yaml(this.runner, CANARY_YAML).run((context) -> {
			assertThat(context).hasNotFailed();
			Rollout prices = migration(context, Prices.PRICES).rollout();
			assertThat(prices.mode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(prices.basisPoints()).isEqualTo(550);
			assertThat(prices.percentage()).isEqualTo(5.5);
			assertThat(prices.salt()).isEqualTo("spring-sale");
			assertThat(prices.allowList()).containsExactlyInAnyOrder("vip-1", "vip-2");
			assertThat(prices.sampleBasisPoints()).isEqualTo(1000);
			assertThat(prices.sampleRate()).isEqualTo(0.1);
			assertThat(migration(context, Prices.PRICES).declaredRollout()).isEqualTo(prices);

			assertThat(migration(context, Prices.STOCK).rollout())
				.as("a migration without rollout settings: all calls, salted with its name")
				.isEqualTo(Rollout.full(MigrationMode.SHADOW, Prices.STOCK));
		});
	}

	@Test
	void criteriaOfAnInstanceOverrideTheDefaultsWhichApplyToTheOthers() {
		yaml(this.runner, CANARY_YAML).run((context) -> {
			CriteriaSettings base = CriteriaSettings.DEFAULTS;

			CriteriaSettings prices = migration(context, Prices.PRICES).criteria();
			assertThat(prices.bucket()).as("own").isEqualTo(Duration.ofSeconds(10));
			assertThat(prices.buckets()).as("default").isEqualTo(4);
			assertThat(prices.minCalls()).as("own").isEqualTo(50);
			assertThat(prices.maxErrorRate()).as("default").isEqualTo(0.2);
			assertThat(prices.maxDiscrepancyRateBeforeNew()).as("own").isEqualTo(0.0005);
			assertThat(prices.latencyPercentile()).as("own").isEqualTo(0.95);
			assertThat(prices.latencyMargin()).as("own").isEqualTo(Duration.ofMillis(5));
			assertThat(prices.autoRollback()).as("default").isTrue();
			assertThat(prices.rollbackAfter()).as("own").isEqualTo(2);
			assertThat(prices.maxDiscrepancyRateBeforeReverseShadow()).as("built-in")
				.isEqualTo(base.maxDiscrepancyRateBeforeReverseShadow());
			assertThat(prices.errorRateFactor()).as("built-in").isEqualTo(base.errorRateFactor());
			assertThat(prices.maxLatencyRatio()).as("built-in").isEqualTo(base.maxLatencyRatio());

			CriteriaSettings stock = migration(context, Prices.STOCK).criteria();
			assertThat(stock).isEqualTo(new CriteriaSettings(Duration.ofSeconds(30), 4, 100,
					base.maxDiscrepancyRateBeforeReverseShadow(), base.maxDiscrepancyRateBeforeNew(),
					base.errorRateFactor(), base.errorRateMargin(), 0.2, base.latencyPercentile(),
					base.maxLatencyRatio(), base.latencyMargin(), true, 5));
		});
	}

	@Test
	void theBoundRolloutChoosesEachCallsSideByTheContractsBuckets() {
		yaml(this.runner, CANARY_YAML).run((context) -> {
			OldPrices prices = context.getBean(OldPrices.class);
			Set<String> expectedNew = new HashSet<>(Set.of("vip-1", "vip-2"));
			Set<String> servedByNew = new HashSet<>();
			for (int i = 0; i < 1000; i++) {
				String sku = "sku-" + i;
				if (Bucketing.canaryBucket("spring-sale", sku) < 550) {
					expectedNew.add(sku);
				}
				if ("new".equals(prices.price(sku).servedBy())) {
					servedByNew.add(sku);
				}
			}
			for (String vip : List.of("vip-1", "vip-2")) {
				if ("new".equals(prices.price(vip).servedBy())) {
					servedByNew.add(vip);
				}
			}
			assertThat(expectedNew).as("about 5.5% of 1000 keys, and the allow-list").hasSizeBetween(30, 90);
			assertThat(servedByNew).as("REVERSE_SHADOW for the keys in, SHADOW for the others")
				.isEqualTo(expectedNew);
		});
	}

	// ---- values that are not allowed

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			migration.instances.prices.percentage=NaN       | migration.instances.prices.percentage = 'NaN'      | a number from 0 to 100 with at most two decimals
			migration.instances.prices.percentage=-1        | migration.instances.prices.percentage = '-1'       | a number from 0 to 100 with at most two decimals
			migration.instances.prices.percentage=100.01    | migration.instances.prices.percentage = '100.01'   | a number from 0 to 100 with at most two decimals
			migration.instances.prices.percentage=5.555     | migration.instances.prices.percentage = '5.555'    | a number from 0 to 100 with at most two decimals
			migration.instances.prices.percentage=abc       | migration.instances.prices.percentage = 'abc'      | a number from 0 to 100 with at most two decimals
			migration.instances.prices.sample-rate=1.5      | migration.instances.prices.sample-rate = '1.5'     | a number from 0 to 1 with at most four decimals
			migration.instances.prices.criteria.bucket=500ms | migration.instances.prices.criteria.bucket        | at least 1s
			migration.instances.prices.criteria.min-calls=0 | migration.instances.prices.criteria.min-calls = 0  | at least 1
			migration.defaults.criteria.min-calls=0         | migration.defaults.criteria.min-calls = 0          | at least 1
			migration.instances.prices.auto-rollback.after-failing-windows=0 | migration.instances.prices.auto-rollback.after-failing-windows = 0 | at least 1
			""")
	void valueNotAllowedFailsStartUpNamingTheKeyAndWhatIsAllowed(String property, String key, String allowed) {
		this.runner.withPropertyValues(property).run((context) -> assertFailsNaming(context, key, allowed));
	}

	@Test
	void percentageOfNaNInYamlFailsStartUp() {
		yaml(this.runner, """
				migration:
				  instances:
				    prices:
				      mode: shadow
				      percentage: .NaN
				""").run((context) -> assertFailsNaming(context, "migration.instances.prices.percentage = 'NaN'",
						"a number from 0 to 100 with at most two decimals"));
	}

	@Test
	void allowListEntryWithAControlCharacterFailsStartUpShowingItEscaped() {
		this.runner.withPropertyValues(PREFIX + "allow-list=vip-1,vip\u0007-2").run((context) -> {
			String message = assertFailsNaming(context, "migration.instances.prices.allow-list contains 'vip\\u0007-2'",
					"without control characters");
			assertThat(message).doesNotContain("\u0007");
		});
	}

	private static String assertFailsNaming(AssertableApplicationContext context, String key, String allowed) {
		assertThat(context).hasFailed();
		BindValidationException validation = causeOfType(context.getStartupFailure(), BindValidationException.class);
		assertThat(validation.getValidationErrors().getAllErrors()).singleElement()
			.extracting(ObjectError::getDefaultMessage)
			.asString()
			.contains(key)
			.contains(allowed);
		FailureAnalysis analysis = MigrationRunners.analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains(key).contains(allowed);
		return analysis.getDescription();
	}

	// ---- unknown keys

	@Test
	void unknownKeyOfAnInstanceFailsStartUpNamingItAndTheKnownKeys() {
		yaml(this.runner, """
				migration:
				  instances:
				    prices:
				      mdoe: NEW
				""").run((context) -> {
			assertThat(context).hasFailed();
			UnknownMigrationPropertiesException failure = causeOfType(context.getStartupFailure(),
					UnknownMigrationPropertiesException.class);
			assertThat(failure.getProblems()).singleElement()
				.asString()
				.startsWith("migration.instances.prices.mdoe ")
				.contains("application.yml")
				.contains("known keys under migration.instances.prices: ")
				.contains("mode", "percentage", "salt", "allow-list", "sample-rate", "criteria", "auto-rollback",
						"timeout", "key");
		});
	}

	@Test
	void unknownKeysFailStartUpEvenWhenTheApplicationDeclaresItsOwnRegistry() {
		this.runner
			.withBean(MigrationRegistry.class,
					() -> new MigrationRegistry(io.github.phasedmigration.core.discrepancy.DiscrepancySettings.DEFAULTS,
							new io.github.phasedmigration.core.registry.MigrationListener() {
							}, java.time.Clock.systemUTC()))
			.withPropertyValues(PREFIX + "mdoe=NEW")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(causeOfType(context.getStartupFailure(), UnknownMigrationPropertiesException.class)
					.getProblems()).singleElement().asString().startsWith("migration.instances.prices.mdoe ");
			});
	}

	@Test
	void unknownNestedKeyNamesTheKnownKeysOfItsGroup() {
		this.runner.withPropertyValues(PREFIX + "criteria.min-cals=20").run((context) -> {
			assertThat(context).hasFailed();
			UnknownMigrationPropertiesException failure = causeOfType(context.getStartupFailure(),
					UnknownMigrationPropertiesException.class);
			assertThat(failure.getProblems()).singleElement()
				.asString()
				.startsWith("migration.instances.prices.criteria.min-cals ")
				.contains("known keys under migration.instances.prices.criteria: ")
				.contains("bucket", "buckets", "min-calls", "max-error-rate", "latency-margin");
		});
	}

	@Test
	void unknownKeyOfTheDefaultsFailsStartUpToo() {
		this.runner.withPropertyValues("migration.defaults.tiemout=2s").run((context) -> {
			assertThat(context).hasFailed();
			UnknownMigrationPropertiesException failure = causeOfType(context.getStartupFailure(),
					UnknownMigrationPropertiesException.class);
			assertThat(failure.getProblems()).singleElement()
				.asString()
				.startsWith("migration.defaults.tiemout ")
				.contains("known keys under migration.defaults: ")
				.contains("timeout", "mode", "criteria", "auto-rollback");
		});
	}

	@Test
	void failureAnalysisListsEveryUnknownKeyWithTheKnownOnes() {
		this.runner
			.withPropertyValues(PREFIX + "mdoe=NEW", PREFIX + "criteria.min-cals=20", "migration.defaults.tiemout=2s",
					"migration.defaults.auto-rollback.enabeld=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = MigrationRunners.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("migration configuration keys are not known")
					.contains("migration.instances.prices.mdoe")
					.contains("known keys under migration.instances.prices: ")
					.contains("migration.instances.prices.criteria.min-cals")
					.contains("known keys under migration.instances.prices.criteria: ")
					.contains("migration.defaults.tiemout")
					.contains("known keys under migration.defaults: ")
					.contains("migration.defaults.auto-rollback.enabeld")
					.contains("known keys under migration.defaults.auto-rollback: after-failing-windows, enabled");
				assertThat(analysis.getAction()).contains("known keys");
			});
	}

	@Test
	void unknownKeyFromAnEnvironmentVariableFailsStartUpToo() {
		this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(
					"test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("MIGRATION_INSTANCES_PRICES_MDOE", "NEW"))))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(causeOfType(context.getStartupFailure(), UnknownMigrationPropertiesException.class)
					.getProblems()).singleElement()
					.asString()
					.startsWith("migration.instances.prices.mdoe ")
					.contains("MIGRATION_INSTANCES_PRICES_MDOE")
					.contains("known keys under migration.instances.prices: ");
			});
	}

	@Test
	void relaxedFormsOfKnownKeysAreKnown() {
		Map<String, Object> environment = Map.of("MIGRATION_INSTANCES_PRICES_CRITERIA_MINCALLS", "20",
				"MIGRATION_DEFAULTS_AUTOROLLBACK_ENABLED", "true", "MIGRATION_INSTANCES_STOCK_SAMPLERATE", "0.5");
		this.runner
			.withPropertyValues(PREFIX + "mode=REVERSE_SHADOW", PREFIX + "allowList[0]=vip-1",
					PREFIX + "sampleRate=0.2",
					PREFIX + "criteria.maxErrorRate=0.3", PREFIX + "auto-rollback.afterFailingWindows=4")
			// named as Boot names environment variables, so that they are mapped as such
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource(
						"test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Migration prices = migration(context, Prices.PRICES);
				assertThat(prices.rollout().allowList()).containsExactly("vip-1");
				assertThat(prices.rollout().sampleRate()).isEqualTo(0.2);
				assertThat(prices.criteria().maxErrorRate()).isEqualTo(0.3);
				assertThat(prices.criteria().rollbackAfter()).isEqualTo(4);
				assertThat(prices.criteria().minCalls()).isEqualTo(20);
				assertThat(prices.criteria().autoRollback()).isTrue();
				assertThat(migration(context, Prices.STOCK).rollout().sampleRate()).isEqualTo(0.5);
			});
	}

	// ---- refresh

	@Test
	void refreshWithAnUnknownKeyIsNotAppliedAndLoggedAtError(CapturedOutput output) {
		yaml(this.runner, CANARY_YAML).run((context) -> {
			Migration prices = migration(context, Prices.PRICES);
			int history = prices.history().size();

			refresh(context, Map.of(PREFIX + "mode", "NEW", PREFIX + "percentgae", "50"));

			assertThat(prices.rollout().mode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(prices.rollout().basisPoints()).isEqualTo(550);
			assertThat(prices.history()).hasSize(history);
		});
		assertThat(output).contains("ERROR")
			.contains("Refreshed migration configuration is invalid and was not applied")
			.contains("migration.instances.prices.percentgae")
			.contains("known keys under migration.instances.prices");
	}

	@Test
	void refreshWithAPercentageNotAllowedIsNotAppliedAndLoggedAtError(CapturedOutput output) {
		yaml(this.runner, CANARY_YAML).run((context) -> {
			refresh(context, Map.of(PREFIX + "percentage", "5.555", PREFIX + "criteria.min-calls", "7"));

			Migration prices = migration(context, Prices.PRICES);
			assertThat(prices.rollout().basisPoints()).isEqualTo(550);
			assertThat(prices.criteria().minCalls()).as("nothing of an invalid refresh applies").isEqualTo(50);
		});
		assertThat(output).contains("ERROR")
			.contains("Refreshed migration configuration is invalid and was not applied")
			.contains("migration.instances.prices.percentage = '5.555'");
	}

	@Test
	void refreshChangesPercentageAllowListAndCriteria() {
		yaml(this.runner, CANARY_YAML).run((context) -> {
			Migration prices = migration(context, Prices.PRICES);
			Migration stock = migration(context, Prices.STOCK);

			refresh(context, Map.of(PREFIX + "percentage", "12.5", PREFIX + "allow-list", "vip-3",
					PREFIX + "criteria.min-calls", "7", "migration.defaults.criteria.bucket", "5s",
					"migration.defaults.auto-rollback.enabled", "false"));

			assertThat(prices.rollout().mode()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(prices.rollout().basisPoints()).isEqualTo(1250);
			assertThat(prices.rollout().allowList()).containsExactly("vip-3");
			assertThat(prices.rollout().salt()).isEqualTo("spring-sale");
			assertThat(prices.criteria().minCalls()).isEqualTo(7);
			assertThat(prices.criteria().bucket()).as("its own still wins").isEqualTo(Duration.ofSeconds(10));
			assertThat(prices.criteria().autoRollback()).isFalse();
			assertThat(stock.criteria().bucket()).as("the new default").isEqualTo(Duration.ofSeconds(5));
			assertThat(stock.criteria().autoRollback()).isFalse();

			ModeChange last = prices.history().get(prices.history().size() - 1);
			assertThat(last.source()).isEqualTo("refresh");
			assertThat(last.action()).isEqualTo("declare");
			assertThat(last.from()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(last.to()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(last.fromPercentage()).isEqualTo(5.5);
			assertThat(last.percentage()).isEqualTo(12.5);
			assertThat(context.getBean(RecordedEvents.class).audits(MigrationEventPublisher.AUDIT_TYPE, Prices.PRICES))
				.singleElement()
				.satisfies((audit) -> {
					assertThat(audit.getPrincipal()).isEqualTo("refresh");
					assertThat(audit.getData()).containsEntry("percentage", 12.5).containsEntry("fromPercentage", 5.5);
				});
		});
	}

	@Test
	void refreshForwardPastUnmetCriteriaAppliesWithAWarning(CapturedOutput output) {
		yaml(this.runner, CANARY_YAML).run((context) -> {
			Migration stock = migration(context, Prices.STOCK);
			assertThat(stock.readiness(MigrationMode.REVERSE_SHADOW).ready()).as("no calls were judged").isFalse();

			refresh(context, Map.of("migration.instances.stock.mode", "REVERSE_SHADOW"));

			assertThat(stock.effectiveMode()).as("configuration is the operator's word")
				.isEqualTo(MigrationMode.REVERSE_SHADOW);
			ModeChange last = stock.history().get(stock.history().size() - 1);
			assertThat(last.source()).isEqualTo("refresh");
			assertThat(last.to()).isEqualTo(MigrationMode.REVERSE_SHADOW);
			assertThat(last.forced()).as("past unmet criteria: recorded as forced").isTrue();
			assertThat(last.measurements()).containsKey("min-calls");
		});
		assertThat(output).contains("WARN")
			.contains("Refreshed configuration moves migration 'stock' forward to REVERSE_SHADOW although its success "
					+ "criteria are not met")
			.contains("min-calls inconclusive");
	}

	@Test
	void refreshBackwardsWarnsOfNothing(CapturedOutput output) {
		yaml(this.runner, CANARY_YAML).run((context) -> {
			refresh(context, Map.of(PREFIX + "mode", "SHADOW"));
			assertThat(migration(context, Prices.PRICES).effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		});
		assertThat(output).doesNotContain("Refreshed configuration moves migration");
	}

}
