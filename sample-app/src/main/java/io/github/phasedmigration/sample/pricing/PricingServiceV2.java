package io.github.phasedmigration.sample.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Pricing V2: adds a 15% tier from 50 units and rounds half-even (banker's rounding). So it agrees
 * with V1 on most quotes and differs on large orders and on some half-cent totals: exactly what
 * SHADOW is there to show before anyone is charged a different price.
 */
@Service
public class PricingServiceV2 {

	private final Catalog catalog;

	private final Duration latency;

	public PricingServiceV2(Catalog catalog, @Value("${sample.pricing.v2-latency:0ms}") Duration latency) {
		this.catalog = catalog;
		this.latency = latency;
	}

	/** Quotes a quantity of a product. */
	public Quote quote(String sku, int quantity) {
		SimulatedLatency.pause(this.latency);
		long unit = this.catalog.unitPriceCents(sku);
		int discount = (quantity >= 50) ? 15 : (quantity >= 10) ? 10 : 0;
		BigDecimal gross = BigDecimal.valueOf(unit).multiply(BigDecimal.valueOf(quantity));
		BigDecimal net = gross.multiply(BigDecimal.valueOf(100 - discount)).divide(BigDecimal.valueOf(100));
		return new Quote(sku, quantity, unit, discount, net.setScale(0, RoundingMode.HALF_EVEN).longValueExact());
	}

}
