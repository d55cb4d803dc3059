package io.github.phasedmigration.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.FieldError;

import io.github.phasedmigration.autoconfigure.Greeters.MethodLevelConfiguration;
import io.github.phasedmigration.autoconfigure.Greeters.OldGreeter;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.causeOfType;
import static io.github.phasedmigration.autoconfigure.MigrationRunners.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** Binding and validation of {@code migration.*}: wrong values fail start-up naming the key. */
@ExtendWith(OutputCaptureExtension.class)
class MigrationPropertiesTests {

	private final ApplicationContextRunner runner = MigrationRunners.runner()
		.withUserConfiguration(MethodLevelConfiguration.class);

	// ---- modes

	@Test
	void unknownModeFailsStartUpNamingTheKeyTheValueAndTheAllowedValues() {
		this.runner.withPropertyValues("migration.instances.greeting.mode=FOO").run((context) -> {
			assertThat(context).hasFailed();
			BindException bindException = causeOfType(context.getStartupFailure(), BindException.class);
			assertThat(bindException.getName()).hasToString("migration.instances.greeting.mode");
			assertThat(bindException.getProperty()).isNotNull();
			assertThat(bindException.getProperty().getValue()).isEqualTo("FOO");
			assertThat(bindException.getMessage()).contains("migration.instances.greeting.mode");

			FailureAnalysis analysis = MigrationRunners.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("Property: migration.instances.greeting.mode")
				.contains("Value: \"FOO\"");
			assertThat(analysis.getAction()).contains("OLD", "SHADOW", "REVERSE_SHADOW", "NEW");
		});
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "reverse-shadow, REVERSE_SHADOW", "REVERSE_SHADOW, REVERSE_SHADOW", "shadow, SHADOW",
			"New, NEW", "old, OLD" })
	void modesAreReadLeniently(String value, MigrationMode expected) {
		this.runner.withPropertyValues("migration.instances.greeting.mode=" + value).run((context) -> {
			assertThat(context).hasNotFailed();
			Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
			assertThat(migration.declaredMode()).isEqualTo(expected);
			assertThat(migration.effectiveMode()).isEqualTo(expected);
		});
	}

	@Test
	void defaultModeAppliesToMigrationsWithoutTheirOwn() {
		this.runner.withPropertyValues("migration.defaults.mode=shadow").run((context) -> {
			Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
			assertThat(migration.declaredMode()).isEqualTo(MigrationMode.SHADOW);
		});
	}

	@Test
	void startUpIsRecordedInTheHistory() {
		this.runner.withPropertyValues("migration.instances.greeting.mode=SHADOW").run((context) -> {
			Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
			assertThat(migration.history()).singleElement().satisfies((change) -> {
				assertThat(change.source()).isEqualTo("config");
				assertThat(change.to()).isEqualTo(MigrationMode.SHADOW);
			});
		});
	}

	// ---- validation

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			migration.defaults.timeout=0              | migration.defaults.timeout           | migration.defaults.timeout must be positive
			migration.defaults.timeout=-1s            | migration.defaults.timeout           | migration.defaults.timeout must be positive
			migration.instances.greeting.timeout=0ms  | migration.instances[greeting].timeout | migration.instances.greeting.timeout must be positive
			migration.executor.threads=0              | migration.executor.threads           | migration.executor.threads must be at least 1
			migration.executor.queue-capacity=-1      | migration.executor.queue             | migration.executor.queue-capacity must be 0 or more
			migration.discrepancies.sample-rate=2     | migration.discrepancies.sample       | migration.discrepancies.sample-rate must be between 0.0 and 1.0
			migration.discrepancies.sample-rate=-0.1  | migration.discrepancies.sample       | migration.discrepancies.sample-rate must be between 0.0 and 1.0
			migration.discrepancies.ring-size=-1      | migration.discrepancies.ring         | migration.discrepancies.ring-size must be 0 or more
			migration.discrepancies.max-rendered-length=8 | migration.discrepancies.max      | migration.discrepancies.max-rendered-length must be at least 16
			migration.discrepancies.log-interval=0s   | migration.discrepancies.log        | migration.discrepancies.log-interval must be positive
			""")
	void invalidValueFailsStartUpNamingTheKey(String property, String key, String reason) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			BindValidationException validation = causeOfType(context.getStartupFailure(),
					BindValidationException.class);
			assertThat(validation.getValidationErrors().getName()).hasToString("migration");
			assertThat(validation.getValidationErrors().getAllErrors()).singleElement()
				.isInstanceOf(FieldError.class)
				.satisfies((error) -> assertThat(error.getDefaultMessage()).contains(reason));

			FailureAnalysis analysis = MigrationRunners.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("Property: " + key).contains("Reason: " + reason);
		});
	}

	@Test
	void invalidMigrationNameInConfigurationFailsStartUp() {
		this.runner.withPropertyValues("migration.instances[Bad_Name].mode=NEW").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = MigrationRunners.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("migration.instances")
				.contains("'Bad_Name' is not allowed");
		});
	}

	@Test
	void validateReportsEveryInvalidValueWithItsField() {
		MigrationProperties properties = new MigrationProperties();
		properties.getDefaults().setTimeout(Duration.ZERO);
		properties.getExecutor().setThreads(0);
		properties.getDiscrepancies().setSampleRate(2);
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(properties, "migration");

		properties.validate(properties, errors);

		assertThat(errors.getFieldErrors()).extracting(FieldError::getField)
			.containsExactlyInAnyOrder("defaults.timeout", "executor.threads", "discrepancies.sampleRate");
	}

	@Test
	void defaultsAreValid() {
		MigrationProperties properties = new MigrationProperties();
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(properties, "migration");

		properties.validate(properties, errors);

		assertThat(errors.hasErrors()).isFalse();
		assertThat(properties.modeOf("anything")).isEqualTo(MigrationMode.OLD);
	}

	// ---- comparators

	@Test
	void comparatorClassResolvesToTheBeanOfThatType() {
		ForgivingComparator bean = new ForgivingComparator();
		this.runner.withBean(ForgivingComparator.class, () -> bean)
			.withPropertyValues("migration.instances.greeting.mode=SHADOW",
					"migration.instances.greeting.comparator=" + ForgivingComparator.class.getName())
			.run((context) -> {
				Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
				assertThat(migration.settings().comparator()).isSameAs(bean);
				context.getBean(OldGreeter.class).greet("Bob");
				eventually().until(() -> migration.counters().comparisons(ComparisonResult.MATCH) == 1);
				assertThat(migration.counters().comparisons(ComparisonResult.MISMATCH)).isZero();
			});
	}

	@Test
	void comparatorClassWithoutABeanIsInstantiated() {
		this.runner.withPropertyValues("migration.defaults.comparator=" + ForgivingComparator.class.getName())
			.run((context) -> {
				Migration migration = context.getBean(MigrationRegistry.class).find(Greeters.MIGRATION).orElseThrow();
				assertThat(migration.settings().comparator()).isInstanceOf(ForgivingComparator.class);
			});
	}

	/** Finds no difference, ever. */
	public static class ForgivingComparator implements ResultComparator {

		@Override
		public List<String> differences(@Nullable Object oldResult, @Nullable Object newResult) {
			return List.of();
		}

	}

	// ---- configuration without annotation

	@Test
	void configuredButNeverAnnotatedMigrationIsReported(CapturedOutput output) {
		this.runner.withPropertyValues("migration.instances.greting.mode=SHADOW").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(MigrationRegistry.class).find("greting")).isEmpty();
		});
		assertThat(output).contains("WARN")
			.contains("migration.instances.greting is configured, but no @PhasedMigration(name = \"greting\")")
			.contains("known migrations: [greeting]");
	}

	@Test
	void annotatedMigrationsAreNotReported(CapturedOutput output) {
		this.runner.withPropertyValues("migration.instances.greeting.mode=SHADOW")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("is configured, but no @PhasedMigration");
	}

}
