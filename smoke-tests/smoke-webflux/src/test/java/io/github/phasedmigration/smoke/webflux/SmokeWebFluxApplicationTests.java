package io.github.phasedmigration.smoke.webflux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.phasedmigration.core.execution.SecondaryExecutor;
import io.github.phasedmigration.smoke.support.PrometheusScrape;
import io.github.phasedmigration.smoke.support.SmokeHttp;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive pricing service started with its real class path (WebFlux on Netty, no database),
 * driven over real HTTP: Mono and Flux reads compared in SHADOW without blocking the event loop,
 * the Reactor context and context-propagated thread locals reaching V2, a Mono write in order, a
 * switch to REVERSE_SHADOW over the Actuator with V1 as fallback, and a clean shutdown.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class SmokeWebFluxApplicationTests {

	private static ConfigurableApplicationContext context;

	private static SmokeHttp http;

	private static String base;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(SmokeWebFluxApplication.class).run("--server.port=0");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		http = SmokeHttp.on(port);
		base = "http://localhost:" + port;
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	@Order(1)
	void aMonoReadServesV1AndIsComparedWithV2() throws Exception {
		double before = metric("migration_comparisons_total", "result=\"match\"");

		HttpResponse<String> response = get("/prices/abc");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"sku\":\"abc\"").contains("\"cents\":300");
		eventually().until(() -> metric("migration_comparisons_total", "result=\"match\"") == before + 1);
		assertThat(context.getBean(PricingV1.class).calledOnNonBlockingThread())
			.as("the annotated method runs on Netty's event loop").containsOnly(true);
		assertThat(context.getBean(PricingV2.class).calledOnNonBlockingThread())
			.as("V2 is subscribed from the starter's pool, never from the event loop").containsOnly(false);
	}

	@Test
	@Order(2)
	void aFluxReadIsComparedAsTheListOfItsElements() throws Exception {
		double before = metric("migration_comparisons_total", "result=\"match\"");

		HttpResponse<String> response = get("/prices?size=250");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).as("all elements served, beyond max-elements 100").contains("\"sku\":\"sku-250\"");
		eventually().until(() -> metric("migration_comparisons_total", "result=\"match\"") == before + 1);
	}

	@Test
	@Order(3)
	void aSlowV2NeitherDelaysTheAnswerNorKeepsItsSubscription() throws Exception {
		double before = metric("migration_comparisons_total", "result=\"timeout\"");

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/prices/slow"))
				.timeout(Duration.ofSeconds(2)) // V2 takes 5 s: only V1 may answer this one
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		eventually().until(() -> metric("migration_comparisons_total", "result=\"timeout\"") == before + 1);
		eventually().until(() -> context.getBean(PricingV2.class).cancelled().contains("slow"));
	}

	@Test
	@Order(4)
	void theReactorContextAndItsThreadLocalsReachV2() throws Exception {
		double before = metric("migration_comparisons_total", "result=\"match\"");

		assertThat(http.get("/tenant", Map.of("X-Tenant", "t-1"))).isEqualTo("t-1");
		eventually().until(() -> metric("migration_comparisons_total", "result=\"match\"") == before + 1);
		assertThat(context.getBean(PricingV2.class).tenantsInThreadLocal()).containsExactly("t-1");
	}

	@Test
	@Order(5)
	void aMonoWriteWritesV1ThenV2() throws Exception {
		HttpResponse<String> response = http.send("PUT", "/prices/abc?cents=5", null, Map.of());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(context.getBean(PricingV1.class).writes()).containsExactly("v1 abc=5");
		assertThat(context.getBean(PricingV2.class).writes()).as("written before the caller got its answer")
			.containsExactly("v2 abc=5");
	}

	@Test
	@Order(6)
	void reverseShadowSwitchedOverTheActuatorFallsBackToV1() throws Exception {
		http.post("/actuator/migrations/pricing-v2", "{\"mode\":\"REVERSE_SHADOW\",\"force\":true,\"reason\":\"smoke test\"}");
		assertThat(http.get("/actuator/migrations/pricing-v2")).contains("REVERSE_SHADOW");
		double before = metric("migration_fallbacks_total", "migration=\"pricing-v2\"");

		HttpResponse<String> response = get("/prices/broken");

		assertThat(response.statusCode()).as("V2 failed, V1 served").isEqualTo(200);
		assertThat(response.body()).contains("\"cents\":600");
		eventually().until(() -> metric("migration_fallbacks_total", "migration=\"pricing-v2\"") == before + 1);
	}

	@Test
	@Order(7)
	void shutsDownCleanly(CapturedOutput output) {
		SecondaryExecutor executor = context.getBean(SecondaryExecutor.class);

		context.close();

		assertThat(context.isActive()).isFalse();
		assertThat(executor.isShutdown()).isTrue();
		assertThat(output.getOut() + output.getErr()).contains("Graceful shutdown complete")
			.doesNotContain(" ERROR ")
			.doesNotContain("Exception");
	}

	private static HttpResponse<String> get(String path) {
		return http.send("GET", path, null, Map.of());
	}

	/** A Prometheus counter of pricing-v2 with the given label. */
	private static double metric(String name, String label) {
		return PrometheusScrape.value(http.get("/actuator/prometheus"), name, "migration=\"pricing-v2\"", label);
	}

}
