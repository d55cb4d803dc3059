package io.github.phasedmigration.smoke.noactuator;

import org.springframework.stereotype.Service;

import io.github.phasedmigration.annotation.PhasedMigration;

/** A flat rate per parcel. */
@Service
public class ShippingV1 {

	/** Shipping cost in cents of a parcel. */
	@PhasedMigration(name = ShippingV2.MIGRATION, newImpl = ShippingV2.class)
	public long costCents(int grams) {
		return ShippingV2.FLAT_CENTS;
	}

}
