package io.github.phasedmigration.smoke.webflux;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The HTTP face of pricing; the tenant comes from the {@code X-Tenant} header into the Reactor context. */
@RestController
class PricingController {

	private final PricingV1 pricing;

	PricingController(PricingV1 pricing) {
		this.pricing = pricing;
	}

	@GetMapping("/prices/{sku}")
	Mono<Price> price(@PathVariable String sku) {
		return this.pricing.price(sku);
	}

	@GetMapping("/prices")
	Flux<Price> catalog(@RequestParam(defaultValue = "10") int size) {
		return this.pricing.catalog(size);
	}

	@PutMapping("/prices/{sku}")
	Mono<String> setPrice(@PathVariable String sku, @RequestParam long cents) {
		return this.pricing.setPrice(sku, cents);
	}

	@GetMapping("/tenant")
	Mono<String> tenant() {
		return this.pricing.tenant();
	}

}
