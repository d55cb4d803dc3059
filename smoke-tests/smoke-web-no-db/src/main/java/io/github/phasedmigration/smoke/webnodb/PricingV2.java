package io.github.phasedmigration.smoke.webnodb;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Service;

/** Prices with 10% off from {@value #DISCOUNT_FROM} units: it agrees with V1 below that. */
@Service
public class PricingV2 {

	/** The migration from {@link PricingV1} to this. */
	public static final String MIGRATION = "pricing-v2";

	/** The quantity from which V2 gives its discount. */
	public static final int DISCOUNT_FROM = 100;

	private final AtomicInteger calls = new AtomicInteger();

	public long priceCents(String sku, int quantity) {
		this.calls.incrementAndGet();
		long full = Catalog.unitCents(sku) * quantity;
		return (quantity >= DISCOUNT_FROM) ? full * 9 / 10 : full;
	}

	/** Calls so far, whether V2 served them or ran beside V1. */
	public int calls() {
		return this.calls.get();
	}

}
