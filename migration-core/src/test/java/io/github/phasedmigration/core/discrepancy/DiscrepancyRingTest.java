package io.github.phasedmigration.core.discrepancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DiscrepancyRingTest {

	private static Discrepancy discrepancy(int n) {
		return new Discrepancy(Instant.EPOCH, "m", "Svc.find(..)", MismatchCategory.VALUE, "[" + n + "]", "old",
				"new", List.of());
	}

	private static List<String> arguments(DiscrepancyRing ring) {
		return ring.recent().stream().map(Discrepancy::arguments).toList();
	}

	@Test
	void anEmptyRingHasNothing() {
		DiscrepancyRing ring = new DiscrepancyRing(3);

		assertThat(ring.recent()).isEmpty();
		assertThat(ring.added()).isZero();
		assertThat(ring.capacity()).isEqualTo(3);
	}

	@Test
	void recentIsNewestFirst() {
		DiscrepancyRing ring = new DiscrepancyRing(3);
		ring.add(discrepancy(1));
		ring.add(discrepancy(2));

		assertThat(arguments(ring)).containsExactly("[2]", "[1]");
	}

	@Test
	void theOldestAreOverwrittenOnceTheRingIsFull() {
		DiscrepancyRing ring = new DiscrepancyRing(3);
		IntStream.rangeClosed(1, 7).forEach((n) -> ring.add(discrepancy(n)));

		assertThat(arguments(ring)).containsExactly("[7]", "[6]", "[5]");
		assertThat(ring.added()).isEqualTo(7);
	}

	@Test
	void aRingOfSizeZeroKeepsNothing() {
		DiscrepancyRing ring = new DiscrepancyRing(0);
		ring.add(discrepancy(1));

		assertThat(ring.recent()).isEmpty();
		assertThat(ring.capacity()).isZero();
	}

	@Test
	void concurrentWritersNeverGrowTheRing() throws Exception {
		DiscrepancyRing ring = new DiscrepancyRing(5);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int base = t * 1000;
				writers.add(threads.submit(() -> {
					start.await();
					for (int i = 0; i < 1000; i++) {
						ring.add(discrepancy(base + i));
						assertThat(ring.recent().size()).isLessThanOrEqualTo(5);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> writer : writers) {
				writer.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}

		assertThat(ring.added()).isEqualTo(4000);
		assertThat(ring.recent()).hasSize(5).doesNotHaveDuplicates();
	}

}
