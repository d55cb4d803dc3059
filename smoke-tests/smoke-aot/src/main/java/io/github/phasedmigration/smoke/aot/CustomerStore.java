package io.github.phasedmigration.smoke.aot;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;

/** The old customer table: a WRITE migration to {@link NewCustomerStore}, keyed by the customer's id. */
@Repository
public class CustomerStore {

	private final JdbcClient jdbc;

	public CustomerStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@PhasedMigration(name = "customer-store", newImpl = NewCustomerStore.class, kind = MigrationKind.WRITE,
			key = "#customer.id")
	public void save(Customer customer) {
		this.jdbc.sql("MERGE INTO customers_old (id, name) KEY (id) VALUES (:id, :name)")
			.param("id", customer.id())
			.param("name", customer.name())
			.update();
	}

}
