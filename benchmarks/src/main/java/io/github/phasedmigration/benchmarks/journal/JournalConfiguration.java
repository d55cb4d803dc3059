package io.github.phasedmigration.benchmarks.journal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.phasedmigration.benchmarks.journal.JournalImplementations.BacklogTableAWriter;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.JournalingTableAWriter;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.ShadowTableAWriter;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.TableBWriter;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.UnreachableTableBWriter;

/**
 * The application of the journal benchmarks ({@link JournalApplication}): a service with a PostgreSQL {@code DataSource}
 * ({@code spring.datasource.*}, Hikari), so that the starter's auto-configuration gives it the
 * durable JDBC journal in that database and Spring's transaction manager, metrics on.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class JournalConfiguration {

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	TableBWriter tableBWriter(JdbcTemplate jdbc) {
		return new TableBWriter(jdbc);
	}

	@Bean
	UnreachableTableBWriter unreachableTableBWriter() {
		return new UnreachableTableBWriter();
	}

	@Bean
	ShadowTableAWriter shadowTableAWriter(JdbcTemplate jdbc) {
		return new ShadowTableAWriter(jdbc);
	}

	@Bean
	BacklogTableAWriter backlogTableAWriter(JdbcTemplate jdbc) {
		return new BacklogTableAWriter(jdbc);
	}

	@Bean
	JournalingTableAWriter journalingTableAWriter(JdbcTemplate jdbc) {
		return new JournalingTableAWriter(jdbc);
	}

}
