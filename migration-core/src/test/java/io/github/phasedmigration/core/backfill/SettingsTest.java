package io.github.phasedmigration.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The defaults, and wrong values refused with the field's name. */
class SettingsTest {

	@Test
	void backfillDefaults() {
		assertThat(BackfillSettings.defaults()).isEqualTo(new BackfillSettings(1000, 0, Duration.ofMinutes(1),
				Duration.ofSeconds(30), Duration.ofSeconds(10), 5, Duration.ofSeconds(5)));
	}

	@Test
	void wrongBackfillSettingsNameTheirField() {
		Duration s = Duration.ofSeconds(1);
		assertThatIllegalArgumentException().isThrownBy(() -> new BackfillSettings(0, 0, s, s, s, 1, s))
			.withMessage("chunkSize must be at least 1, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new BackfillSettings(1, -1, s, s, s, 1, s))
			.withMessage("rowsPerSecond must be 0 (no limit) or a positive number, was -1.0");
		assertThatIllegalArgumentException().isThrownBy(() -> new BackfillSettings(1, Double.NaN, s, s, s, 1, s))
			.withMessageStartingWith("rowsPerSecond");
		assertThatIllegalArgumentException().isThrownBy(() -> new BackfillSettings(1, 0, Duration.ZERO, s, s, 1, s))
			.withMessage("lease must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> new BackfillSettings(1, 0, s, s, s.negated(), 1, s))
			.withMessage("pollInterval must be positive, was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> new BackfillSettings(1, 0, s, s, s, 0, s))
			.withMessage("maxChunkAttempts must be at least 1, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new BackfillSettings(1, 0, s, s, s, 1, s.negated()))
			.withMessage("retryBackoff must be 0 or more, was PT-1S");
	}

	@Test
	void verifyDefaultsAndWrongOptions() {
		assertThat(VerifyOptions.defaults())
			.isEqualTo(new VerifyOptions(false, false, 1000, Duration.ofSeconds(2), 20));
		assertThatIllegalArgumentException().isThrownBy(() -> new VerifyOptions(false, true, 10, Duration.ZERO, 1))
			.withMessage("deleteExtra applies only to a repair: set repair as well");
		assertThatIllegalArgumentException().isThrownBy(() -> new VerifyOptions(true, false, 0, Duration.ZERO, 1))
			.withMessage("chunkSize must be at least 1, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new VerifyOptions(true, false, 1, Duration.ofSeconds(-1), 1))
			.withMessage("recheckDelay must be 0 or more, was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> new VerifyOptions(true, false, 1, Duration.ZERO, -1))
			.withMessage("sampleSize must be 0 or more, was -1");
	}

}
