package io.github.phasedmigration.sample.payments;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The order is not waiting for its payment (any more), so its amount cannot change. */
@ResponseStatus(HttpStatus.CONFLICT)
public class OrderNotPendingException extends RuntimeException {

	public OrderNotPendingException(long orderId) {
		super("Order " + orderId + " is not waiting for a payment");
	}

}
