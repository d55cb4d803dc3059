package io.github.phasedmigration.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An order service in the middle of two migrations: where it finds customers with pending
 * payments ({@code customer-source}: the orders table, then a pending_payments table) and which
 * pricing component quotes prices ({@code pricing-v2}: V1, then V2). By default everything is in
 * an embedded H2 database; with the profile {@code cross-db} the payment ledger moves from MariaDB
 * to PostgreSQL ({@link io.github.phasedmigration.sample.payments.LedgerDatabases}).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
