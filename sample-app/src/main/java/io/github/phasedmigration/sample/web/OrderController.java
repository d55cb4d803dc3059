package io.github.phasedmigration.sample.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.github.phasedmigration.sample.payments.OrderService;
import io.github.phasedmigration.sample.pricing.PricingService;
import io.github.phasedmigration.sample.pricing.Quote;

/** The REST API of the order service. */
@RestController
public class OrderController {

	private final OrderService orders;

	private final PricingService pricing;

	public OrderController(OrderService orders, PricingService pricing) {
		this.orders = orders;
		this.pricing = pricing;
	}

	/** Customers with unpaid orders (migration customer-source, a read). */
	@GetMapping("/customers/pending-payments")
	public List<Long> customersWithPendingPayments() {
		return this.orders.customersWithPendingPayments();
	}

	/** Places an order (migration customer-source, a write). */
	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	public Map<String, Long> placeOrder(@RequestBody NewOrder order) {
		return Map.of("orderId", this.orders.placeOrder(order.customerId(), order.amountCents()));
	}

	/** Pays an order (migration customer-source, a write). */
	@PostMapping("/orders/{orderId}/payment")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void pay(@PathVariable long orderId) {
		this.orders.pay(orderId);
	}

	/** Changes the amount of an unpaid order (migration customer-source, a write of the same order again). */
	@PutMapping("/orders/{orderId}/amount")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void changeAmount(@PathVariable long orderId, @RequestBody NewAmount amount) {
		this.orders.changeAmount(orderId, amount.amountCents());
	}

	/** Quotes a price (migration pricing-v2, a read). */
	@GetMapping("/quotes")
	public Quote quote(@RequestParam String sku, @RequestParam int quantity) {
		return this.pricing.quote(sku, quantity);
	}

	/** Body of a new order. */
	public record NewOrder(long customerId, long amountCents) {
	}

	/** Body of an amount change. */
	public record NewAmount(long amountCents) {
	}

}
