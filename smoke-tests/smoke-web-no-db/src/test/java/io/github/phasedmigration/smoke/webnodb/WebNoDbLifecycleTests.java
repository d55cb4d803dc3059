package io.github.phasedmigration.smoke.webnodb;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.phasedmigration.smoke.support.SmokeApplication;

/** The service started as {@code main} starts it, one price asked in SHADOW, then closed cleanly. */
@ExtendWith(OutputCaptureExtension.class)
class WebNoDbLifecycleTests {

	@Test
	void closesCleanlyAfterAShadowCall(CapturedOutput output) {
		SmokeApplication.runAndClose(WebNoDbApplication.class, output::toString, (context, http) -> {
			assertThat(http.get("/prices?sku=PEN&quantity=3")).isEqualTo("450");
			PricingV2 v2 = context.getBean(PricingV2.class);
			eventually().until(() -> v2.calls() == 1);
		});
	}

}
