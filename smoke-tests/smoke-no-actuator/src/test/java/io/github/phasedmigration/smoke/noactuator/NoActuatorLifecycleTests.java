package io.github.phasedmigration.smoke.noactuator;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.phasedmigration.smoke.support.SmokeApplication;

/** The service started as {@code main} starts it, one cost asked in SHADOW, then closed cleanly. */
@ExtendWith(OutputCaptureExtension.class)
class NoActuatorLifecycleTests {

	@Test
	void closesCleanlyAfterAShadowCall(CapturedOutput output) {
		SmokeApplication.runAndClose(NoActuatorApplication.class, output::toString, (context, http) -> {
			assertThat(http.get("/shipping?grams=800")).isEqualTo("500");
			ShippingV2 v2 = context.getBean(ShippingV2.class);
			eventually().until(() -> v2.calls() == 1);
		});
	}

}
