package io.github.phasedmigration.smoke.virtualthreads;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /stock/PEN}: the units in stock, as text. */
@RestController
public class StockController {

	private final StockV1 stock;

	public StockController(StockV1 stock) {
		this.stock = stock;
	}

	@GetMapping("/stock/{sku}")
	public String units(@PathVariable String sku) {
		return String.valueOf(this.stock.units(sku));
	}

}
