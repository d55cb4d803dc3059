package io.github.phasedmigration.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.FieldError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.core.InvalidSettingException;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.ResultComparator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * One {@link MigrationSettingsProperties} type for {@code migration.defaults} and
 * {@code migration.instances.<name>}: a migration's unset value comes from the defaults, and a value
 * the core rejects is reported on the key that holds it.
 */
class MigrationSettingsPropertiesTests {

	private static final ResultComparator ANY = (oldResult, newResult) -> List.of();

	@Test
	void aMigrationsOwnValueWinsAndAnUnsetOneComesFromTheDefaults() {
		MigrationProperties properties = new MigrationProperties();
		properties.getDefaults().setTimeout(Duration.ofSeconds(2));
		properties.getInstances().put("pricing", instance(MigrationMode.SHADOW, null));

		assertThat(properties.modeOf("pricing")).isEqualTo(MigrationMode.SHADOW);
		assertThat(properties.valueOf("pricing", MigrationSettingsProperties::getTimeout))
			.isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.modeOf("stock")).as("not configured: the default").isEqualTo(MigrationMode.OLD);
		assertThat(properties.valueOf("stock", MigrationSettingsProperties::getFallback)).isTrue();
	}

	@Test
	void aDefaultSetToNothingFallsBackToTheBuiltInDefault() {
		MigrationProperties properties = new MigrationProperties();
		properties.getDefaults().setTimeout(null);

		assertThat(properties.valueOf("pricing", MigrationSettingsProperties::getTimeout))
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aRejectedValueIsNamedByTheKeyThatHoldsIt() {
		MigrationProperties properties = new MigrationProperties();
		properties.getDefaults().setTimeout(Duration.ZERO);
		properties.getInstances().put("pricing", instance(MigrationMode.SHADOW, null));
		properties.getInstances().put("stock", instance(MigrationMode.SHADOW, Duration.ofMillis(-1)));

		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> properties.named("pricing",
					() -> MigrationSettingsFactory.settings(properties, "pricing", ANY)))
			.withMessage("migration.defaults.timeout must be positive, e.g. 500ms, was PT0S");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> properties.named("stock",
					() -> MigrationSettingsFactory.settings(properties, "stock", ANY)))
			.withMessage("migration.instances.stock.timeout must be positive, e.g. 500ms, was PT-0.001S");
	}

	@Test
	void validationReportsADefaultsProblemOnceOnTheDefaultsAndAnInstancesOwnOnTheInstance() {
		MigrationProperties properties = new MigrationProperties();
		properties.getDefaults().getCriteria().setMinCalls(0L);
		properties.getInstances().put("pricing", instance(MigrationMode.SHADOW, null));
		MigrationInstanceProperties stock = instance(MigrationMode.SHADOW, null);
		stock.setPercentage("101");
		properties.getInstances().put("stock", stock);
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(properties, "migration");

		properties.validate(properties, errors);

		assertThat(errors.getFieldErrors()).extracting(FieldError::getField, FieldError::getDefaultMessage)
			.containsExactly(
					tuple("defaults.criteria.minCalls",
							"migration.defaults.criteria.min-calls = 0 is not allowed: at least 1"),
					tuple("instances[stock].percentage",
							"migration.instances.stock.percentage = '101' is not allowed: "
									+ "a number from 0 to 100 with at most two decimals, e.g. 0.5, 5 or 100"));
	}

	@Test
	void theDefaultsInTheMetadataAreTheOnesTheDefaultsStartWith() {
		// the processor cannot see them (the fields are unset, so that instances fall back), so
		// additional-spring-configuration-metadata.json states them: they must not drift apart
		JsonNode metadata = JsonMapper.builder()
			.build()
			.readTree(Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json"));
		Map<String, String> defaults = new LinkedHashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (name.startsWith("migration.defaults.") && property.has("defaultValue")) {
				defaults.put(name, property.get("defaultValue").asString());
			}
		}

		MigrationSettingsProperties bound = new Binder(new MapConfigurationPropertySource(defaults))
			.bind("migration.defaults", MigrationSettingsProperties.class)
			.get();

		assertThat(defaults).hasSize(7);
		assertThat(bound).usingRecursiveComparison().isEqualTo(MigrationSettingsProperties.withDefaults());
		assertThat(new MigrationProperties().getDefaults()).usingRecursiveComparison()
			.isEqualTo(MigrationSettingsProperties.withDefaults());
	}

	private static MigrationInstanceProperties instance(MigrationMode mode, @Nullable Duration timeout) {
		MigrationInstanceProperties instance = new MigrationInstanceProperties();
		instance.setMode(mode);
		instance.setTimeout(timeout);
		return instance;
	}

}
