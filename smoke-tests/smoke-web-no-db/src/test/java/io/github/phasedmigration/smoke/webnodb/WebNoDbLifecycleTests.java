package io.github.phasedmigration.smoke.webnodb;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.smoke.support.CleanShutdown;
import io.github.phasedmigration.smoke.support.SmokeHttp;

/**
 * The service started as {@code main} starts it, one price asked in SHADOW, then closed: it closes
 * without an error or an exception logged, and the secondaries' pool with it. Started here rather than by the test framework, whose
 * context cache cannot have its context closed under it.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebNoDbLifecycleTests {

	@Test
	void closesCleanlyAfterAShadowCall(CapturedOutput output) {
		ConfigurableApplicationContext context = SpringApplication.run(WebNoDbApplication.class, "--server.port=0");
		try {
			SmokeHttp http = SmokeHttp.on(context.getEnvironment().getRequiredProperty("local.server.port", int.class));
			assertThat(http.get("/prices?sku=PEN&quantity=3")).isEqualTo("450");
			PricingV2 v2 = context.getBean(PricingV2.class);
			eventually().until(() -> v2.calls() == 1);

			SecondaryExecutor executor = context.getBean(SecondaryExecutor.class);

			CleanShutdown.assertClosesCleanly(output::toString, context::close, () -> !context.isActive());
			assertThat(executor.isShutdown()).as("secondaries' pool shut down").isTrue();
		}
		finally {
			context.close();
		}
	}

}
