package io.github.phasedmigration.smoke.noactuator;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Service;

/** The flat rate up to a kilogram, then by weight: it agrees with V1 up to a kilogram. */
@Service
public class ShippingV2 {

	/** The migration from {@link ShippingV1} to this. */
	public static final String MIGRATION = "shipping-v2";

	static final long FLAT_CENTS = 500;

	private final AtomicInteger calls = new AtomicInteger();

	public long costCents(int grams) {
		this.calls.incrementAndGet();
		return (grams <= 1000) ? FLAT_CENTS : FLAT_CENTS * grams / 1000;
	}

	/** Calls so far, whether V2 served them or ran beside V1. */
	public int calls() {
		return this.calls.get();
	}

}
