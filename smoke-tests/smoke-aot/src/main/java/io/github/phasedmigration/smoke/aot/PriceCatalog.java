package io.github.phasedmigration.smoke.aot;

import org.springframework.stereotype.Service;

import io.github.phasedmigration.annotation.PhasedMigration;

/** The old price catalog: a READ migration to {@link NewPriceCatalog}. */
@Service
public class PriceCatalog {

	@PhasedMigration(name = "price-catalog", newImpl = NewPriceCatalog.class)
	public Price price(String sku) {
		return new Price(sku, sku.length() * 100L);
	}

}
