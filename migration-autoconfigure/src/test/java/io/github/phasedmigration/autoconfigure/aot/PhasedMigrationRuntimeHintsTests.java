package io.github.phasedmigration.autoconfigure.aot;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.ClassPathResource;

import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.backfill.VerifySection;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint;
import io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore;
import io.github.phasedmigration.journal.jdbc.JdbcWriteJournal;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's own hints, which every application gets. */
class PhasedMigrationRuntimeHintsTests {

	private final RuntimeHints hints = registered(getClass().getClassLoader());

	@Test
	void annotationAttributesCanBeRead() {
		assertThat(RuntimeHintsPredicates.reflection().onType(PhasedMigration.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).accepts(this.hints);
	}

	/** The locations are the ones start-up loads, so a moved script or a changed location breaks this. */
	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql", "mysql", "mariadb" })
	void tableScriptsOfEveryPlatformAreIncluded(String platform) {
		for (String location : List.of(JdbcWriteJournal.schemaLocation(platform),
				JdbcCheckpointStore.schemaLocation(platform))) {
			String path = location.substring("classpath:".length());
			assertThat(new ClassPathResource(path).exists()).as(path).isTrue();
			assertThat(RuntimeHintsPredicates.resource().forResource(path)).as(path).accepts(this.hints);
		}
	}

	@Test
	void endpointAnswersDeclaredAsObjectCanBeWrittenAsJson() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MigrationsEndpoint.ParkedEntriesDescriptor.class, "entries")).accepts(this.hints);
		// reached through the page's List<ParkedEntryDescriptor>
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MigrationsEndpoint.ParkedEntryDescriptor.class, "lastError")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(VerifySection.VerifySummary.class,
				"rowsCompared")).accepts(this.hints);
	}

	@Test
	void withoutTheActuatorNoEndpointTypeIsTouched() {
		RuntimeHints withoutActuator = registered(new FilteredClassLoader(Endpoint.class));
		assertThat(RuntimeHintsPredicates.reflection().onType(MigrationsEndpoint.ParkedEntriesDescriptor.class))
			.rejects(withoutActuator);
		assertThat(RuntimeHintsPredicates.reflection().onType(PhasedMigration.class)).accepts(withoutActuator);
	}

	@Test
	void registrarIsRegisteredForSpringAot() {
		assertThat(AotServices.factories(getClass().getClassLoader()).load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(PhasedMigrationRuntimeHints.class);
	}

	private static RuntimeHints registered(ClassLoader classLoader) {
		RuntimeHints hints = new RuntimeHints();
		new PhasedMigrationRuntimeHints().registerHints(hints, classLoader);
		return hints;
	}

}
