package io.github.phasedmigration.smoke.aot;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The HTTP face of the two migrations, and a look into the new table for the test. */
@RestController
public class SmokeController {

	private final PriceCatalog prices;

	private final CustomerStore customers;

	private final NewCustomerStore newCustomers;

	public SmokeController(PriceCatalog prices, CustomerStore customers, NewCustomerStore newCustomers) {
		this.prices = prices;
		this.customers = customers;
		this.newCustomers = newCustomers;
	}

	@GetMapping("/prices/{sku}")
	public Price price(@PathVariable String sku) {
		return this.prices.price(sku);
	}

	@PutMapping("/customers/{id}")
	public ResponseEntity<Void> save(@PathVariable String id, @RequestBody String name) {
		this.customers.save(new Customer(id, name));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/new-customers/{id}")
	public ResponseEntity<String> newCustomer(@PathVariable String id) {
		return ResponseEntity.of(this.newCustomers.name(id));
	}

}
