package io.github.phasedmigration.smoke.virtualthreads;

import java.util.Map;

import org.springframework.stereotype.Service;

import io.github.phasedmigration.annotation.PhasedMigration;

/** Stock levels from a fixed table. */
@Service
public class StockV1 {

	static final Map<String, Integer> LEVELS = Map.of("PEN", 40, "BOOK", 3);

	private final CallLog log;

	public StockV1(CallLog log) {
		this.log = log;
	}

	/** Units in stock of a product. */
	@PhasedMigration(name = StockV2.MIGRATION, newImpl = StockV2.class)
	public int units(String sku) {
		this.log.record("v1");
		return LEVELS.getOrDefault(sku, 0);
	}

}
