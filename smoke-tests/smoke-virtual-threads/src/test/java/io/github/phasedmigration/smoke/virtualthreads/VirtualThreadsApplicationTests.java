package io.github.phasedmigration.smoke.virtualthreads;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.smoke.support.SmokeHttp;
import io.github.phasedmigration.smoke.virtualthreads.CallLog.Call;

/**
 * The service started with its real class path and {@code spring.threads.virtual.enabled=true},
 * driven over HTTP: the request runs on a virtual thread (from Java 21 on; Boot ignores the
 * property on Java 17, and nothing else changes), V2 runs as the secondary on the migration's pool
 * with the request id that the filter put into the caller's MDC, and the match is counted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class VirtualThreadsApplicationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private CallLog log;

	@Test
	void theSecondaryRunsWithTheCallersMdc() {
		SmokeHttp http = SmokeHttp.on(this.port);
		String requestId = "smoke-" + UUID.randomUUID();
		long matches = matches(http);

		assertThat(http.get("/stock/PEN", Map.of(RequestIdFilter.HEADER, requestId))).isEqualTo("40");

		eventually().untilAsserted(() -> assertThat(matches(http)).isEqualTo(matches + 1));
		Call caller = this.log.of("v1").stream().filter((call) -> requestId.equals(call.requestId())).findFirst()
			.orElseThrow();
		assertThat(caller.virtual()).as("the request on a virtual thread: %s", caller.thread())
			.isEqualTo(Runtime.version().feature() >= 21);
		assertThat(this.log.of("v2")).as("V2, with the caller's request id in its MDC")
			.filteredOn((call) -> requestId.equals(call.requestId()))
			.singleElement()
			.satisfies((secondary) -> assertThat(secondary.thread()).startsWith("migration-secondary-"));
	}

	private long matches(SmokeHttp http) {
		return json.readTree(http.get("/actuator/migrations/" + StockV2.MIGRATION))
			.get("counters")
			.get("comparisons")
			.get("match")
			.asLong();
	}

}
