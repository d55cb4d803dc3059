package io.github.phasedmigration.autoconfigure.journal;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code migration.journal.initialize-schema} takes the values it took before it became Boot's mode. */
class MigrationJournalPropertiesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "embedded, EMBEDDED", "EMBEDDED, EMBEDDED", "always, ALWAYS", "Always, ALWAYS", "never, NEVER",
			"NEVER, NEVER" })
	void initializeSchemaBindsTheValuesItAlwaysTook(String value, DatabaseInitializationMode expected) {
		Binder binder = new Binder(
				new MapConfigurationPropertySource(Map.of("migration.journal.initialize-schema", value)));

		MigrationJournalProperties properties = binder.bind("migration.journal", MigrationJournalProperties.class)
			.get();

		assertThat(properties.getInitializeSchema()).isEqualTo(expected);
	}

	@Test
	void defaultIsTheEmbeddedRule() {
		assertThat(new MigrationJournalProperties().getInitializeSchema()).isEqualTo(DatabaseInitializationMode.EMBEDDED);
	}

}
