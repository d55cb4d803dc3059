package io.github.phasedmigration.sample.pricing;

import java.util.Map;

import org.springframework.stereotype.Component;

/** List prices, in cents. */
@Component
public class Catalog {

	private final Map<String, Long> prices = Map.of("BOOK", 1999L, "PEN", 149L, "LAMP", 4595L, "DESK", 24900L);

	/** The list price of one unit. */
	public long unitPriceCents(String sku) {
		Long price = this.prices.get(sku);
		if (price == null) {
			throw new UnknownSkuException(sku);
		}
		return price;
	}

}
