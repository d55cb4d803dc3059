package io.github.phasedmigration.sample.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Pricing V1: 10% off from 10 units, rounded half-up. Being replaced by {@link PricingServiceV2};
 * the annotation on the class puts every public method into the migration.
 */
@Service
@PhasedMigration(name = "pricing-v2", newImpl = PricingServiceV2.class)
public class PricingService {

	private final Catalog catalog;

	private final Duration latency;

	public PricingService(Catalog catalog, @Value("${sample.pricing.v1-latency:0ms}") Duration latency) {
		this.catalog = catalog;
		this.latency = latency;
	}

	/** Quotes a quantity of a product. */
	public Quote quote(String sku, int quantity) {
		SimulatedLatency.pause(this.latency);
		long unit = this.catalog.unitPriceCents(sku);
		int discount = (quantity >= 10) ? 10 : 0;
		BigDecimal gross = BigDecimal.valueOf(unit).multiply(BigDecimal.valueOf(quantity));
		BigDecimal net = gross.multiply(BigDecimal.valueOf(100 - discount)).divide(BigDecimal.valueOf(100));
		return new Quote(sku, quantity, unit, discount, net.setScale(0, RoundingMode.HALF_UP).longValueExact());
	}

}
