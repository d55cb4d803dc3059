package io.github.phasedmigration.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.execution.ExecutorSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class InvalidSettingExceptionTest {

	@Test
	void namesTheSettingItsValueAndWhatIsAllowed() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> InvalidSettingException.require(false, "ring-size", -1, "0 or more"))
			.withMessage("ring-size must be 0 or more, was -1")
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("ring-size"));
		assertThatNoException().isThrownBy(() -> InvalidSettingException.require(true, "ring-size", 1, "0 or more"));
	}

	@Test
	void durationsMustBePositive() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> InvalidSettingException.requirePositive("lease", Duration.ZERO, "5m"))
			.withMessage("lease must be positive, e.g. 5m, was PT0S");
		assertThatExceptionOfType(NullPointerException.class)
			.isThrownBy(() -> InvalidSettingException.requirePositive("lease", null, "5m"))
			.withMessage("lease");
	}

	@Test
	void prefixedNamesTheSameProblemUnderTheLongerName() {
		InvalidSettingException ex = new InvalidSettingException("threads", "must be at least 1, was 0");

		InvalidSettingException prefixed = ex.prefixed("migration.executor.");

		assertThat(prefixed.setting()).isEqualTo("migration.executor.threads");
		assertThat(prefixed).hasMessage("migration.executor.threads must be at least 1, was 0");
	}

	@Test
	void settingsRecordsNameTheirSettingsAsConfigured() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new ExecutorSettings(4, -1, "x-", Duration.ofSeconds(1)))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("queue-capacity"));
	}

}
