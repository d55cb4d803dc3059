package io.github.phasedmigration.smoke.webnodb;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /prices?sku=PEN&quantity=3}: the price in cents, as text. */
@RestController
public class PriceController {

	private final PricingV1 pricing;

	public PriceController(PricingV1 pricing) {
		this.pricing = pricing;
	}

	@GetMapping("/prices")
	public String price(@RequestParam String sku, @RequestParam int quantity) {
		return String.valueOf(this.pricing.priceCents(sku, quantity));
	}

}
