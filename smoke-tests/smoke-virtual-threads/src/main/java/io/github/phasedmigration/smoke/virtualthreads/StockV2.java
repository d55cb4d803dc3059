package io.github.phasedmigration.smoke.virtualthreads;

import org.springframework.stereotype.Service;

/** The same stock levels, from the new inventory. */
@Service
public class StockV2 {

	/** The migration from {@link StockV1} to this. */
	public static final String MIGRATION = "stock-v2";

	private final CallLog log;

	public StockV2(CallLog log) {
		this.log = log;
	}

	public int units(String sku) {
		this.log.record("v2");
		return StockV1.LEVELS.getOrDefault(sku, 0);
	}

}
