package io.github.phasedmigration.sample.crossdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.phasedmigration.sample.payments.OrderService;

/**
 * Writer threads that use the order service as its clients would: each places orders, pays some of
 * its earlier ones and, if asked to, changes the amount of unpaid ones, on an instance chosen at
 * random for every call (as a load balancer would). An order belongs to the thread that placed it,
 * so its writes come one after the other, as one client's would.
 */
final class Workload {

	private final List<SampleInstance> instances;

	private int threads = 8;

	private int operationsPerThread = 300;

	private double payShare = 0.3;

	private double changeShare;

	private double rollbackShare;

	private List<Long> history = List.of();

	private double historyShare;

	private Workload(List<SampleInstance> instances) {
		this.instances = instances;
	}

	static Workload on(SampleInstance... instances) {
		return new Workload(List.of(instances));
	}

	Workload threads(int threads) {
		this.threads = threads;
		return this;
	}

	Workload operationsPerThread(int operations) {
		this.operationsPerThread = operations;
		return this;
	}

	/** Share of operations that change the amount of an unpaid order (default none). */
	Workload changingAmounts(double share) {
		this.changeShare = share;
		return this;
	}

	/** Share of operations that place an order in a transaction that then rolls back (default none). */
	Workload rollingBack(double share) {
		this.rollbackShare = share;
		return this;
	}

	/**
	 * Share of operations that pay or change the amount of (half and half) one of these unpaid orders,
	 * which the writers did not place: old orders, such as the ones a backfill copies. Each is taken
	 * by one writer once, in an order shuffled with a fixed seed; a changed one joins that writer's own.
	 */
	Workload touchingHistory(List<Long> unpaidOrders, double share) {
		List<Long> shuffled = new ArrayList<>(unpaidOrders);
		Collections.shuffle(shuffled, new Random(42));
		this.history = shuffled;
		this.historyShare = share;
		return this;
	}

	Running start() {
		return new Running();
	}

	/** A workload under way. */
	final class Running {

		private final AtomicInteger completed = new AtomicInteger();

		private final AtomicInteger writes = new AtomicInteger();

		private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

		private final Set<Long> rolledBack = ConcurrentHashMap.newKeySet();

		private final Queue<Long> history = new ConcurrentLinkedQueue<>(Workload.this.history);

		private final AtomicInteger historyTouched = new AtomicInteger();

		private final CountDownLatch done;

		private volatile boolean stopped;

		private Running() {
			this.done = new CountDownLatch(Workload.this.threads);
			for (int i = 0; i < Workload.this.threads; i++) {
				Thread writer = new Thread(new Writer(new Random(31L * i + 7)), "writer-" + i);
				writer.setDaemon(true);
				writer.start();
			}
		}

		/** Operations finished so far, successful or not. */
		int completed() {
			return this.completed.get();
		}

		/** Writes to orders of the history ({@link Workload#touchingHistory}) so far. */
		int historyTouched() {
			return this.historyTouched.get();
		}

		boolean isDone() {
			return this.done.getCount() == 0;
		}

		/** Lets every writer finish the operation it is in, and start no other. */
		void stop() {
			this.stopped = true;
		}

		/** Waits for the writers to finish; fails when they take longer than the time-out. */
		Result await(Duration timeout) throws InterruptedException {
			if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("The writers did not finish within " + timeout + "; " + completed()
						+ " operations done");
			}
			return new Result(this.writes.get(), List.copyOf(this.failures), Set.copyOf(this.rolledBack));
		}

		private final class Writer implements Runnable {

			private final Random random;

			private final List<Long> unpaid = new ArrayList<>();

			Writer(Random random) {
				this.random = random;
			}

			@Override
			public void run() {
				try {
					for (int i = 0; i < Workload.this.operationsPerThread && !Running.this.stopped; i++) {
						try {
							operate();
						}
						catch (RollingBackOrders.RolledBack ex) {
							Running.this.rolledBack.add(ex.orderId());
						}
						catch (Throwable ex) {
							Running.this.failures.add(ex);
						}
						Running.this.completed.incrementAndGet();
					}
				}
				finally {
					Running.this.done.countDown();
				}
			}

			private void operate() {
				SampleInstance instance = Workload.this.instances
					.get(this.random.nextInt(Workload.this.instances.size()));
				OrderService orders = instance.orders();
				double dice = this.random.nextDouble();
				double pay = Workload.this.payShare;
				double change = pay + Workload.this.changeShare;
				double rollBack = change + Workload.this.rollbackShare;
				double touch = rollBack + Workload.this.historyShare;
				Long historyOrder = (dice >= rollBack && dice < touch) ? Running.this.history.poll() : null;
				if (historyOrder != null) {
					if (this.random.nextBoolean()) {
						orders.pay(historyOrder);
					}
					else {
						orders.changeAmount(historyOrder, amount());
						this.unpaid.add(historyOrder);
					}
					Running.this.historyTouched.incrementAndGet();
				}
				else if (dice < pay && !this.unpaid.isEmpty()) {
					long orderId = this.unpaid.remove(this.random.nextInt(this.unpaid.size()));
					orders.pay(orderId);
				}
				else if (dice >= pay && dice < change && !this.unpaid.isEmpty()) {
					long orderId = this.unpaid.get(this.random.nextInt(this.unpaid.size()));
					orders.changeAmount(orderId, amount());
				}
				else if (dice >= change && dice < rollBack) {
					// throws RolledBack, which the writer records: not a write, not a failure
					instance.bean(RollingBackOrders.class).placeOrderThenFail(customer(), amount());
					return;
				}
				else {
					this.unpaid.add(orders.placeOrder(customer(), amount()));
				}
				Running.this.writes.incrementAndGet();
			}

			private long customer() {
				return 1 + this.random.nextInt(200);
			}

			private long amount() {
				return 100 + this.random.nextInt(100_000);
			}

		}

	}

	/**
	 * What a workload did.
	 *
	 * @param writes committed ledger writes through the service (orders placed, paid, changed)
	 * @param failures what callers got thrown, other than the intended roll-backs
	 * @param rolledBack orders whose placing transaction rolled back
	 */
	record Result(int writes, List<Throwable> failures, Set<Long> rolledBack) {
	}

}
