package io.github.phasedmigration.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An order service in the middle of two migrations: where it finds customers with pending
 * payments ({@code customer-source}: the orders table, then a pending_payments table) and which
 * pricing component quotes prices ({@code pricing-v2}: V1, then V2).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
