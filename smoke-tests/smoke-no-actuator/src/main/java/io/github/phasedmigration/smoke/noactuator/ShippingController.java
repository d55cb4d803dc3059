package io.github.phasedmigration.smoke.noactuator;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /shipping?grams=500}: the shipping cost in cents, as text. */
@RestController
public class ShippingController {

	private final ShippingV1 shipping;

	public ShippingController(ShippingV1 shipping) {
		this.shipping = shipping;
	}

	@GetMapping("/shipping")
	public String cost(@RequestParam int grams) {
		return String.valueOf(this.shipping.costCents(grams));
	}

}
