package io.github.phasedmigration.core.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.phasedmigration.core.Invoker;

/**
 * An invoker that records on which threads it ran, then does what it was built to do: return a
 * value, throw, or block until released (recording whether it was interrupted).
 */
final class Recorder implements Invoker {

	private final Invoker body;

	final List<String> threads = new CopyOnWriteArrayList<>();

	final CountDownLatch started = new CountDownLatch(1);

	final CountDownLatch interrupted = new CountDownLatch(1);

	private Recorder(Invoker body) {
		this.body = body;
	}

	static Recorder returning(Object value) {
		return new Recorder(() -> value);
	}

	static Recorder throwing(Throwable error) {
		return new Recorder(() -> {
			throw error;
		});
	}

	static Recorder of(Invoker body) {
		return new Recorder(body);
	}

	/** Blocks until {@code release} is counted down (at most 10 s), then returns the value. */
	static Recorder blocking(CountDownLatch release, Object value) {
		Recorder[] self = new Recorder[1];
		self[0] = new Recorder(() -> {
			try {
				if (!release.await(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("never released");
				}
			}
			catch (InterruptedException ex) {
				self[0].interrupted.countDown();
				throw ex;
			}
			return value;
		});
		return self[0];
	}

	/** Returns a future completed with the value. */
	static Recorder completing(Object value) {
		return new Recorder(() -> CompletableFuture.completedFuture(value));
	}

	/** Returns a future failed with the error. */
	static Recorder failing(Throwable error) {
		return new Recorder(() -> CompletableFuture.failedFuture(error));
	}

	@Override
	public Object invoke() throws Throwable {
		this.threads.add(Thread.currentThread().getName());
		this.started.countDown();
		return this.body.invoke();
	}

	int invocations() {
		return this.threads.size();
	}

	boolean wasInterrupted() throws InterruptedException {
		return this.interrupted.await(5, TimeUnit.SECONDS);
	}

}
