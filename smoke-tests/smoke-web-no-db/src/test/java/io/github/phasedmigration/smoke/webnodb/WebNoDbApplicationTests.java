package io.github.phasedmigration.smoke.webnodb;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.smoke.support.PrometheusScrape;
import io.github.phasedmigration.smoke.support.SmokeHttp;

/**
 * The service started with its real class path (no DataSource, no spring-boot-jdbc), driven over
 * HTTP: the pricing migrates in SHADOW and Prometheus counts the match, the Actuator answers and
 * switches the mode. {@link WebNoDbLifecycleTests} closes one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebNoDbApplicationTests {

	private static final String MIGRATION = "/actuator/migrations/" + PricingV2.MIGRATION;

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private PricingV2 v2;

	@Test
	void startsWithoutADatabase() {
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
		assertThat(ClassUtils.isPresent("org.springframework.boot.jdbc.DataSourceBuilder", null))
			.as("spring-boot-jdbc on the class path").isFalse();
		JsonNode pricing = json.readTree(http().get(MIGRATION));
		assertThat(pricing.get("declaredMode").asString()).isEqualTo("SHADOW");
		assertThat(pricing.get("journal").get("durable").asBoolean()).as("journal durable").isFalse();
		assertThat(json.readTree(http().get("/actuator/health")).get("status").asString()).isEqualTo("UP");
	}

	@Test
	void migratesInShadowAndPrometheusCountsTheMatch() {
		double matches = comparisons("match");
		int v2Calls = this.v2.calls();

		assertThat(http().get("/prices?sku=PEN&quantity=3")).isEqualTo("450");

		eventually().untilAsserted(() -> {
			assertThat(this.v2.calls()).isEqualTo(v2Calls + 1);
			assertThat(comparisons("match")).isEqualTo(matches + 1);
		});
	}

	@Test
	void switchesTheModeOverTheActuator() {
		try {
			JsonNode switched = json.readTree(http().post(MIGRATION,
					"{\"mode\": \"REVERSE_SHADOW\", \"force\": true, \"reason\": \"smoke test\"}"));
			assertThat(switched.get("overrideMode").asString()).isEqualTo("REVERSE_SHADOW");
			assertThat(switched.get("effectiveMode").asString()).isEqualTo("REVERSE_SHADOW");

			assertThat(http().get("/prices?sku=BOOK&quantity=" + PricingV2.DISCOUNT_FROM)).as("V2 answers")
				.isEqualTo("108000");
		}
		finally {
			JsonNode reset = json.readTree(http().delete(MIGRATION + "?reason=smoke%20test"));
			assertThat(reset.get("effectiveMode").asString()).isEqualTo("SHADOW");
		}
		assertThat(http().get("/prices?sku=BOOK&quantity=" + PricingV2.DISCOUNT_FROM)).as("V1 answers again")
			.isEqualTo("120000");
	}

	private double comparisons(String result) {
		return PrometheusScrape.value(http().get("/actuator/prometheus"), "migration_comparisons_total",
				"migration=\"" + PricingV2.MIGRATION + "\"", "result=\"" + result + "\"");
	}

	private SmokeHttp http() {
		return SmokeHttp.on(this.port);
	}

}
