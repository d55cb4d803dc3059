package io.github.phasedmigration.smoke.noactuator;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint;
import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.smoke.support.SmokeHttp;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service started with its real class path (no Actuator, no Micrometer registry) and driven over
 * HTTP: nothing fails for want of them, and the shipping costs migrate in SHADOW as application.yml
 * says, the match counted by the registry of migrations.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NoActuatorApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MigrationRegistry registry;

	@Autowired
	private ShippingV2 v2;

	@Test
	void startsWithoutTheActuatorOrARegistry() {
		assertThat(ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", null))
			.as("Actuator on the class path").isFalse();
		assertThat(ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", null))
			.as("Micrometer on the class path").isFalse();
		assertThat(this.context.getBeanNamesForType(MigrationsEndpoint.class)).isEmpty();
		assertThat(SmokeHttp.on(this.port).status("/actuator/migrations")).isEqualTo(404);
	}

	@Test
	void migratesInShadowAsDeclared() {
		Migration shipping = this.registry.find(ShippingV2.MIGRATION).orElseThrow();
		assertThat(shipping.effectiveMode()).isEqualTo(MigrationMode.SHADOW);
		long matches = shipping.counters().comparisons(ComparisonResult.MATCH);
		int v2Calls = this.v2.calls();

		assertThat(SmokeHttp.on(this.port).get("/shipping?grams=800")).isEqualTo("500");

		eventually().untilAsserted(() -> {
			assertThat(this.v2.calls()).isEqualTo(v2Calls + 1);
			assertThat(shipping.counters().comparisons(ComparisonResult.MATCH)).isEqualTo(matches + 1);
		});
	}

}
