package io.github.phasedmigration.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditListener;
import org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An order service in the middle of two migrations: where it finds customers with pending
 * payments ({@code customer-source}: the orders table, then a pending_payments table) and which
 * pricing component quotes prices ({@code pricing-v2}: V1, then V2). By default everything is in
 * an embedded H2 database; with the profile {@code cross-db} the payment ledger moves from MariaDB
 * to PostgreSQL ({@link io.github.phasedmigration.sample.payments.LedgerDatabases}).
 *
 * <p>Every change of a migration's mode or rollout is an audit event ({@code MIGRATION_MODE_CHANGED},
 * {@code MIGRATION_ROLLED_BACK}), listed by {@code /actuator/auditevents}.
 */
// Boot 4.1's AuditAutoConfiguration also defines the Spring Security audit listeners, which need
// spring-security-core: without it the application would not start. This service has no Spring
// Security, so it wires the audit itself (the repository and the listener below).
@SpringBootApplication(exclude = AuditAutoConfiguration.class)
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	/**
	 * Keeps the audit events (the migrations' changes among them) for {@code /actuator/auditevents}.
	 * A sample: this keeps the last 1000 in memory, per instance, and loses them on restart; use a
	 * durable repository (your audit log, a table) in production.
	 */
	@Bean
	AuditEventRepository auditEventRepository() {
		return new InMemoryAuditEventRepository();
	}

	/** Stores every {@code AuditApplicationEvent} in the repository, as AuditAutoConfiguration would. */
	@Bean
	AuditListener auditListener(AuditEventRepository auditEventRepository) {
		return new AuditListener(auditEventRepository);
	}

}
