package io.github.phasedmigration.smoke.webnodb;

import org.springframework.stereotype.Service;

import io.github.phasedmigration.annotation.PhasedMigration;

/** Prices by the unit. */
@Service
public class PricingV1 {

	/** Price in cents of a quantity of one product. */
	@PhasedMigration(name = PricingV2.MIGRATION, newImpl = PricingV2.class)
	public long priceCents(String sku, int quantity) {
		return Catalog.unitCents(sku) * quantity;
	}

}
