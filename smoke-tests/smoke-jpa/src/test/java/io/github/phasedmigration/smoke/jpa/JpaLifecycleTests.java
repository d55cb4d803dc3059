package io.github.phasedmigration.smoke.jpa;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.phasedmigration.smoke.support.SmokeApplication;

/** The service started as {@code main} starts it, one account opened in SHADOW, then closed cleanly. */
@ExtendWith(OutputCaptureExtension.class)
class JpaLifecycleTests {

	@Test
	void closesCleanlyAfterAShadowWrite(CapturedOutput output) {
		SmokeApplication.runAndClose(JpaApplication.class, output::toString, (context, http) -> {
			assertThat(http.post("/accounts/1?owner=Ann", "{}")).isEqualTo("1");
			JdbcAccounts accounts = context.getBean(JdbcAccounts.class);
			eventually().until(() -> "Ann".equals(accounts.ownerOf(1)));
		});
	}

}
