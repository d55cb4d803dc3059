package io.github.phasedmigration.core.discrepancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DiscrepancySettingsTest {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	@Test
	void defaultsKeepFiftyAndSampleAll() {
		assertThat(DiscrepancySettings.DEFAULTS).isEqualTo(new DiscrepancySettings(50, 1.0, 2000, 10, MINUTE));
	}

	@Test
	void invalidValuesAreRejectedWithTheirName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(-1, 1.0, 2000, 10, MINUTE))
			.withMessage("ring-size must be 0 or more, was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(50, 1.5, 2000, 10, MINUTE))
			.withMessageContaining("sample-rate");
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(50, -0.1, 2000, 10, MINUTE))
			.withMessageContaining("sample-rate");
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(50, 1.0, 15, 10, MINUTE))
			.withMessage("max-rendered-length must be at least 16, was 15");
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(50, 1.0, 2000, -1, MINUTE))
			.withMessageContaining("log-limit");
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(50, 1.0, 2000, 10, Duration.ZERO))
			.withMessage("log-interval must be positive, e.g. 1m, was PT0S");
	}

	@Test
	void boundaryValuesAreAccepted() {
		assertThat(new DiscrepancySettings(0, 0.0, 16, 0, MINUTE).ringSize()).isZero();
	}

}
