package io.github.phasedmigration.sample.pricing;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No product with that SKU. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class UnknownSkuException extends RuntimeException {

	public UnknownSkuException(String sku) {
		super("Unknown SKU " + sku);
	}

}
