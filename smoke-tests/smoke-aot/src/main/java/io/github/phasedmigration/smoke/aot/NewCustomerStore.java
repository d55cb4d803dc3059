package io.github.phasedmigration.smoke.aot;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The new customer table. The first write of a customer whose name starts with "flaky" fails, so
 * that the second write is journaled and later replayed from its JSON.
 */
@Repository
public class NewCustomerStore {

	private final JdbcClient jdbc;

	private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

	public NewCustomerStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void save(Customer customer) {
		if (customer.name().startsWith("flaky") && this.failedOnce.add(customer.id())) {
			throw new IllegalStateException("new customer table unavailable for " + customer.id());
		}
		this.jdbc.sql("MERGE INTO customers_new (id, name) KEY (id) VALUES (:id, :name)")
			.param("id", customer.id())
			.param("name", customer.name())
			.update();
	}

	public Optional<String> name(String id) {
		return this.jdbc.sql("SELECT name FROM customers_new WHERE id = :id").param("id", id).query(String.class).optional();
	}

}
