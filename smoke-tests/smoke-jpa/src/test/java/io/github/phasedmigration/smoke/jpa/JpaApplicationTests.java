package io.github.phasedmigration.smoke.jpa;

import static io.github.phasedmigration.smoke.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.smoke.support.SmokeHttp;

/**
 * The service started with its real class path (Spring Data JPA, H2) and driven over HTTP: opening
 * an account writes old's JPA table and then new's, reading it compares both, each comparison
 * counted in {@code /actuator/migrations}; the journal is the JDBC one, its table in H2.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class JpaApplicationTests {

	private static final String MIGRATION = "/actuator/migrations/" + JdbcAccounts.MIGRATION;

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void theJournalIsTheJdbcOneWithItsTable() {
		JsonNode accounts = json.readTree(http().get(MIGRATION));
		assertThat(accounts.get("declaredMode").asString()).isEqualTo("SHADOW");
		assertThat(accounts.get("journal").get("durable").asBoolean()).as("journal durable").isTrue();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM migration_journal").query(Long.class).single()).isZero();
	}

	@Test
	void aWriteAndAReadMigrateInShadowAndTheirComparisonsAreCounted() {
		long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
		long matches = matches();

		assertThat(http().post("/accounts/" + id + "?owner=Ann", "{}")).isEqualTo(String.valueOf(id));

		eventually().untilAsserted(() -> {
			assertThat(newOwner(id)).as("new's table").isEqualTo("Ann");
			assertThat(matches()).as("the write's results compared").isEqualTo(matches + 1);
		});
		assertThat(this.jdbc.sql("SELECT owner FROM accounts WHERE id = :id").param("id", id).query(String.class)
			.single()).as("old's table").isEqualTo("Ann");

		assertThat(http().get("/accounts/" + id + "/owner")).isEqualTo("Ann");

		eventually().untilAsserted(() -> assertThat(matches()).as("the read compared").isEqualTo(matches + 2));
		JsonNode counters = json.readTree(http().get(MIGRATION)).get("counters");
		assertThat(counters.get("comparisons").get("mismatch").asLong()).isZero();
		assertThat(counters.get("failedWrites").asLong()).isZero();
	}

	private long matches() {
		return json.readTree(http().get(MIGRATION)).get("counters").get("comparisons").get("match").asLong();
	}

	private String newOwner(long id) {
		return this.jdbc.sql("SELECT owner FROM accounts_v2 WHERE id = :id").param("id", id).query(String.class)
			.optional()
			.orElse("none");
	}

	private SmokeHttp http() {
		return SmokeHttp.on(this.port);
	}

}
