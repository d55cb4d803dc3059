package io.github.phasedmigration.sample.pricing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes a pricing call take as long as a remote one would ({@code sample.pricing.v1-latency},
 * {@code sample.pricing.v2-latency}, default 0): the load run of the benchmarks uses it to give the
 * migration I/O-bound implementations.
 */
final class SimulatedLatency {

	private SimulatedLatency() {
	}

	static void pause(Duration latency) {
		long end = System.nanoTime() + latency.toNanos();
		for (long left = latency.toNanos(); left > 0; left = end - System.nanoTime()) {
			LockSupport.parkNanos(left);
			if (Thread.interrupted()) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
