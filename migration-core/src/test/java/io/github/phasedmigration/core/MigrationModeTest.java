package io.github.phasedmigration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationModeTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"OLD | OLD",
			"old | OLD",
			"Shadow | SHADOW",
			"'  shadow  ' | SHADOW",
			"reverse-shadow | REVERSE_SHADOW",
			"REVERSE_SHADOW | REVERSE_SHADOW",
			"Reverse_Shadow | REVERSE_SHADOW",
			"new | NEW" })
	void parsingIgnoresCaseSurroundingSpaceAndDashes(String text, MigrationMode expected) {
		assertThat(MigrationMode.parse(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sideways", "", "reverse shadow", "shadow!" })
	void anUnknownModeIsRejectedWithTheValueAndTheAllowedValues(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> MigrationMode.parse(text))
			.withMessage("Unknown migration mode '" + text + "'; allowed values: OLD, SHADOW, REVERSE_SHADOW, NEW");
	}

	@Test
	void nullIsRejectedLikeAnyUnknownValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> MigrationMode.parse(null))
			.withMessageContaining("'null'")
			.withMessageContaining(MigrationMode.ALLOWED_VALUES);
	}

	@Test
	void previousStepsBackOneModeAndStopsAtOld() {
		assertThat(MigrationMode.OLD.previous()).isEqualTo(MigrationMode.OLD);
		assertThat(MigrationMode.SHADOW.previous()).isEqualTo(MigrationMode.OLD);
		assertThat(MigrationMode.REVERSE_SHADOW.previous()).isEqualTo(MigrationMode.SHADOW);
		assertThat(MigrationMode.NEW.previous()).isEqualTo(MigrationMode.REVERSE_SHADOW);
	}

	@Test
	void modesAreOrderedFromOldToNew() {
		assertThat(MigrationMode.values()).containsExactly(MigrationMode.OLD, MigrationMode.SHADOW,
				MigrationMode.REVERSE_SHADOW, MigrationMode.NEW);
		assertThat(MigrationMode.ALLOWED_VALUES).isEqualTo("OLD, SHADOW, REVERSE_SHADOW, NEW");
	}

	@Test
	void eachModeNamesItsPrimaryAndWhetherTheOtherSideRuns() {
		assertThat(MigrationMode.OLD.primary()).isEqualTo(Impl.OLD);
		assertThat(MigrationMode.OLD.runsSecondary()).isFalse();
		assertThat(MigrationMode.SHADOW.primary()).isEqualTo(Impl.OLD);
		assertThat(MigrationMode.SHADOW.runsSecondary()).isTrue();
		assertThat(MigrationMode.REVERSE_SHADOW.primary()).isEqualTo(Impl.NEW);
		assertThat(MigrationMode.REVERSE_SHADOW.runsSecondary()).isTrue();
		assertThat(MigrationMode.NEW.primary()).isEqualTo(Impl.NEW);
		assertThat(MigrationMode.NEW.runsSecondary()).isFalse();
	}

	@Test
	void tagsAreLowerCase() {
		assertThat(Impl.OLD.tag()).isEqualTo("old");
		assertThat(Impl.NEW.other()).isEqualTo(Impl.OLD);
		assertThat(Role.SECONDARY.tag()).isEqualTo("secondary");
		assertThat(ComparisonResult.REJECTED.tag()).isEqualTo("rejected");
		assertThat(io.github.phasedmigration.core.discrepancy.MismatchCategory.NEW_ERROR.tag()).isEqualTo("new-error");
	}

}
