package io.github.phasedmigration.smoke.virtualthreads;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.phasedmigration.smoke.support.SmokeApplication;

/** The service started as {@code main} starts it, one stock level asked in SHADOW, then closed cleanly. */
@ExtendWith(OutputCaptureExtension.class)
class VirtualThreadsLifecycleTests {

	@Test
	void closesCleanlyAfterAShadowCall(CapturedOutput output) {
		SmokeApplication.runAndClose(VirtualThreadsApplication.class, output::toString, (context, http) -> {
			assertThat(http.get("/stock/BOOK")).isEqualTo("3");
			CallLog log = context.getBean(CallLog.class);
			eventually().until(() -> log.of("v2").size() == 1);
		});
	}

}
