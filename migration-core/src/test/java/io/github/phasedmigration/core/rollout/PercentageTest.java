package io.github.phasedmigration.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.phasedmigration.core.MigrationMode;

/** Percentages from 0 to 100 in steps of 0.01, held as basis points; anything else is refused with a message. */
class PercentageTest {

	private static final String FIELD = "migration.instances.customer-source.percentage";

	@ParameterizedTest(name = "''{0}'' is {1} basis points")
	@CsvSource({ "0, 0", "100, 10000", "0.01, 1", "5.5, 550", "5.50, 550", "5, 500", "99.99, 9999", "100.00, 10000",
			"' 12.5 ', 1250", "0.10, 10" })
	void validPercentagesAreBasisPoints(String text, int basisPoints) {
		assertThat(Percentage.parse(FIELD, text)).isEqualTo(basisPoints);
	}

	@ParameterizedTest(name = "''{0}'' is refused")
	@ValueSource(strings = { "-1", "-0.01", "100.01", "101", "5.555", "0.001", "NaN", "Infinity", "-Infinity", "abc",
			"", "   ", "5%", "1,5" })
	void invalidPercentagesAreRefusedNamingTheFieldAndWhatIsAllowed(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Percentage.parse(FIELD, text))
			.withMessageContaining(FIELD)
			.withMessageContaining("'" + text + "'")
			.withMessageContaining("from 0 to 100")
			.withMessageContaining("at most two decimals");
	}

	@ParameterizedTest
	@NullSource
	void aMissingPercentageIsRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Percentage.parse(FIELD, text))
			.withMessageContaining(FIELD)
			.withMessageContaining("at most two decimals");
	}

	@Test
	void numbersAreCheckedLikeText() {
		assertThat(Percentage.basisPoints(FIELD, new BigDecimal("12.34"))).isEqualTo(1234);
		assertThat(Percentage.basisPoints(FIELD, new BigDecimal("1E+2"))).isEqualTo(10_000);
		assertThatIllegalArgumentException().isThrownBy(() -> Percentage.basisPoints(FIELD, new BigDecimal("0.125")))
			.withMessageContaining(FIELD)
			.withMessageContaining("0.125")
			.withMessageContaining("at most two decimals");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Percentage.basisPoints(FIELD, new BigDecimal("100.000001")))
			.withMessageContaining(FIELD);
	}

	@Test
	void basisPointsReadBackAsPercentages() {
		assertThat(Percentage.of(550)).isEqualTo(5.5);
		assertThat(Percentage.of(1)).isEqualTo(0.01);
		assertThat(Percentage.format(550)).isEqualTo("5.5%");
		assertThat(Percentage.format(10_000)).isEqualTo("100%");
		assertThat(Percentage.format(1)).isEqualTo("0.01%");
		assertThat(Percentage.format(0)).isEqualTo("0%");
	}

	@Test
	void aRolloutRefusesBasisPointsOutOfRange() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Rollout(MigrationMode.SHADOW, 10_001, "m", Set.of(), 10_000))
			.withMessageContaining("percentage");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Rollout(MigrationMode.SHADOW, -1, "m", Set.of(), 10_000))
			.withMessageContaining("percentage");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Rollout(MigrationMode.SHADOW, 10_000, "m", Set.of(), 10_001))
			.withMessageContaining("sample rate");
	}

	@Test
	void aRolloutDescribesItselfAndKeepsItsSaltAllowListAndSampleRateAcrossModes() {
		Rollout rollout = new Rollout(MigrationMode.REVERSE_SHADOW, 550, "salt", Set.of("alice"), 1_000);

		assertThat(rollout).hasToString("REVERSE_SHADOW at 5.5%");
		assertThat(rollout.percentage()).isEqualTo(5.5);
		assertThat(rollout.sampleRate()).isEqualTo(0.1);
		assertThat(rollout.isUniform()).isFalse();
		assertThat(rollout.with(MigrationMode.NEW, 10_000))
			.isEqualTo(new Rollout(MigrationMode.NEW, 10_000, "salt", Set.of("alice"), 1_000))
			.hasToString("NEW");
		assertThat(Rollout.full(MigrationMode.SHADOW, "pricing-v2"))
			.isEqualTo(new Rollout(MigrationMode.SHADOW, 10_000, "pricing-v2", Set.of(), 10_000))
			.matches(Rollout::isUniform);
	}

}
