package io.github.phasedmigration.smoke.webnodb;

import java.util.Map;

/** Unit prices that both pricings agree on. */
final class Catalog {

	private static final Map<String, Long> UNIT_CENTS = Map.of("PEN", 150L, "BOOK", 1200L);

	private Catalog() {
	}

	static long unitCents(String sku) {
		Long cents = UNIT_CENTS.get(sku);
		if (cents == null) {
			throw new IllegalArgumentException("Unknown product " + sku);
		}
		return cents;
	}

}
