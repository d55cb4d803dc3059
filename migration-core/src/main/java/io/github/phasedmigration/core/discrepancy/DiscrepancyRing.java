package io.github.phasedmigration.core.discrepancy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent discrepancies of one migration, in a fixed-size ring: memory stays bounded
 * however many discrepancies occur. Lock-free: writers never wait for each other or for readers.
 */
public final class DiscrepancyRing {

	private final AtomicReferenceArray<Discrepancy> slots;

	private final AtomicLong written = new AtomicLong();

	public DiscrepancyRing(int size) {
		this.slots = new AtomicReferenceArray<>(size);
	}

	/** Keeps a discrepancy, overwriting the oldest once the ring is full. */
	public void add(Discrepancy discrepancy) {
		int size = this.slots.length();
		if (size == 0) {
			return;
		}
		long sequence = this.written.getAndIncrement();
		this.slots.set((int) (sequence % size), discrepancy);
	}

	/** The kept discrepancies, newest first. */
	public List<Discrepancy> recent() {
		int size = this.slots.length();
		long end = this.written.get();
		long start = Math.max(0, end - size);
		List<Discrepancy> result = new ArrayList<>((int) (end - start));
		for (long sequence = end - 1; sequence >= start; sequence--) {
			Discrepancy discrepancy = this.slots.get((int) (sequence % size));
			if (discrepancy != null) {
				result.add(discrepancy);
			}
		}
		return result;
	}

	/** How many discrepancies were ever added (including overwritten ones). */
	public long added() {
		return this.written.get();
	}

	/** The capacity. */
	public int capacity() {
		return this.slots.length();
	}

}
