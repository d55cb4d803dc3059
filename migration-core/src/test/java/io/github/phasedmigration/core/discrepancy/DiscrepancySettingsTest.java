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
			.withMessage("ringSize must be >= 0, was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(50, 1.5, 2000, 10, MINUTE))
			.withMessageContaining("sampleRate");
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(50, -0.1, 2000, 10, MINUTE))
			.withMessageContaining("sampleRate");
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(50, 1.0, 15, 10, MINUTE))
			.withMessage("maxRenderedLength must be >= 16, was 15");
		assertThatIllegalArgumentException().isThrownBy(() -> new DiscrepancySettings(50, 1.0, 2000, -1, MINUTE))
			.withMessageContaining("logLimit");
	}

	@Test
	void boundaryValuesAreAccepted() {
		assertThat(new DiscrepancySettings(0, 0.0, 16, 0, MINUTE).ringSize()).isZero();
	}

}
