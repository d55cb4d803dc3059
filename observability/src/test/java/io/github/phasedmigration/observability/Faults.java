package io.github.phasedmigration.observability;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * What goes wrong in the sample app's new implementations, switched by the check while traffic
 * runs: pricing V2 fails a share of its calls or answers slowly, the new ledger refuses writes.
 * Old never fails.
 */
final class Faults {

	private volatile double pricingErrorRate;

	private volatile Duration pricingDelay = Duration.ZERO;

	private volatile boolean ledgerWritesFail;

	void pricingErrorRate(double rate) {
		this.pricingErrorRate = rate;
	}

	void pricingDelay(Duration delay) {
		this.pricingDelay = delay;
	}

	void ledgerWritesFail(boolean fail) {
		this.ledgerWritesFail = fail;
	}

	void clear() {
		pricingErrorRate(0);
		pricingDelay(Duration.ZERO);
		ledgerWritesFail(false);
	}

	/** Before a call of pricing V2. */
	void beforePricing() {
		long delay = this.pricingDelay.toNanos();
		if (delay > 0) {
			LockSupport.parkNanos(delay);
		}
		if (ThreadLocalRandom.current().nextDouble() < this.pricingErrorRate) {
			throw new IllegalStateException("Injected fault: pricing V2 is failing");
		}
	}

	/** Before a write of the new ledger. */
	void beforeLedgerWrite() {
		if (this.ledgerWritesFail) {
			throw new IllegalStateException("Injected fault: the new ledger refuses writes");
		}
	}

}
