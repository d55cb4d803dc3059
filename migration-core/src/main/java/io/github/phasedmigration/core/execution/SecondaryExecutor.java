package io.github.phasedmigration.core.execution;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The bounded pool that runs secondary reads (and comparisons), owned by the starter. A full
 * queue rejects (the caller goes on with its primary); a secondary that exceeds its timeout is
 * interrupted so that a hanging dependency cannot pin the threads. The caller's context (MDC,
 * observation, security context: whatever is registered with Micrometer's
 * {@code ContextRegistry}) is captured on submission and restored around the task.
 */
public final class SecondaryExecutor implements AutoCloseable {

	private final ThreadPoolExecutor pool;

	private final ScheduledThreadPoolExecutor timer;

	private final ContextSnapshotFactory snapshots;

	private final ExecutorSettings settings;

	private final Set<SecondaryTask<?>> pending = ConcurrentHashMap.newKeySet();

	public SecondaryExecutor(ExecutorSettings settings, ContextSnapshotFactory snapshots) {
		this.settings = settings;
		this.snapshots = snapshots;
		BlockingQueue<Runnable> queue = (settings.queueCapacity() == 0) ? new SynchronousQueue<>()
				: new ArrayBlockingQueue<>(settings.queueCapacity());
		this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS, queue,
				daemonThreads(settings.threadNamePrefix()), new ThreadPoolExecutor.AbortPolicy());
		this.pool.allowCoreThreadTimeOut(true);
		this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads(settings.threadNamePrefix() + "timeout-"));
		this.timer.setRemoveOnCancelPolicy(true);
	}

	/** A pool with the defaults and {@link #defaultContextSnapshotFactory()}. */
	public static SecondaryExecutor withDefaults() {
		return new SecondaryExecutor(ExecutorSettings.DEFAULTS, defaultContextSnapshotFactory());
	}

	/**
	 * Snapshots of everything in the global {@link ContextRegistry} (observations, security
	 * context and whatever else registers itself), plus SLF4J's MDC, which is registered on first
	 * use when nothing has registered it yet.
	 */
	public static ContextSnapshotFactory defaultContextSnapshotFactory() {
		ContextRegistry registry = ContextRegistry.getInstance();
		synchronized (SecondaryExecutor.class) {
			boolean mdcRegistered = registry.getThreadLocalAccessors()
				.stream()
				.anyMatch((accessor) -> Slf4jThreadLocalAccessor.KEY.equals(accessor.key()));
			if (!mdcRegistered) {
				registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
			}
		}
		return ContextSnapshotFactory.builder().contextRegistry(registry).build();
	}

	/**
	 * Starts a task in the caller's context, with a timeout counted from now.
	 * @param task what to run; it returns a stage that completes when the work is done (an
	 * asynchronous method's result, or an already completed stage)
	 * @param timeout how long the work may take, queueing included
	 * @return a future that completes with the task's value, or exceptionally with what it threw,
	 * or with a {@link SecondaryTimeoutException} after the timeout
	 * @throws RejectedExecutionException when the pool and its queue are full
	 */
	public <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> task, Duration timeout) {
		SecondaryTask<T> secondary = new SecondaryTask<>(task, capture());
		this.pending.add(secondary);
		try {
			this.pool.execute(secondary);
		}
		catch (RejectedExecutionException ex) {
			this.pending.remove(secondary);
			throw ex;
		}
		Future<?> timeoutTask = this.timer.schedule(() -> {
			if (secondary.result.completeExceptionally(new SecondaryTimeoutException(timeout))) {
				this.pool.remove(secondary); // free its queue slot if it never started
				secondary.interrupt();
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
		secondary.result.whenComplete((value, error) -> {
			timeoutTask.cancel(false);
			this.pending.remove(secondary);
		});
		return secondary.result;
	}

	/** Captures the caller's context; an accessor that fails makes this a rejection, never the caller's problem. */
	private ContextSnapshot capture() {
		try {
			return this.snapshots.captureAll();
		}
		catch (RuntimeException ex) {
			throw new RejectedExecutionException("Capturing the caller's context failed", ex);
		}
	}

	/**
	 * Runs a short task (a comparison) on the pool in the caller's context.
	 * @throws RejectedExecutionException when the pool and its queue are full
	 */
	public void execute(Runnable task) {
		this.pool.execute(capture().wrap(task));
	}

	/**
	 * The factory of the snapshots this pool restores around its tasks, for contexts that do not live
	 * in thread locals (a Reactor context, captured with {@code captureFrom}).
	 */
	public ContextSnapshotFactory contextSnapshots() {
		return this.snapshots;
	}

	/** Threads busy now. */
	public int activeCount() {
		return this.pool.getActiveCount();
	}

	/** Threads alive now. */
	public int poolSize() {
		return this.pool.getPoolSize();
	}

	/** Tasks waiting now. */
	public int queueSize() {
		return this.pool.getQueue().size();
	}

	public ExecutorSettings settings() {
		return this.settings;
	}

	/** Stops taking tasks, waits up to the shutdown timeout for running ones, then interrupts them. */
	@Override
	public void close() {
		this.pool.shutdown();
		try {
			if (!this.pool.awaitTermination(this.settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				this.pool.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.pool.shutdownNow();
			Thread.currentThread().interrupt();
		}
		// whatever never ran or never finished still owes its waiters an answer
		for (SecondaryTask<?> secondary : this.pending) {
			secondary.result.completeExceptionally(new RejectedExecutionException("Secondary executor closed"));
		}
		this.timer.shutdownNow();
	}

	public boolean isShutdown() {
		return this.pool.isShutdown();
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** One secondary: runs in the caller's context, and can be interrupted when it times out. */
	private static final class SecondaryTask<T> implements Runnable {

		final CompletableFuture<T> result = new CompletableFuture<>();

		private final Supplier<? extends CompletionStage<T>> task;

		private final ContextSnapshot snapshot;

		private @Nullable Thread runner;

		SecondaryTask(Supplier<? extends CompletionStage<T>> task, ContextSnapshot snapshot) {
			this.task = task;
			this.snapshot = snapshot;
		}

		@Override
		public void run() {
			if (this.result.isDone()) {
				return; // timed out while queued
			}
			synchronized (this) {
				this.runner = Thread.currentThread();
			}
			try (ContextSnapshot.Scope scope = this.snapshot.setThreadLocals()) {
				this.task.get().whenComplete((value, error) -> {
					if (error != null) {
						this.result.completeExceptionally(error);
					}
					else {
						this.result.complete(value);
					}
				});
			}
			catch (Throwable ex) {
				this.result.completeExceptionally(ex);
			}
			finally {
				synchronized (this) {
					this.runner = null;
				}
				Thread.interrupted(); // an interrupt meant for this task must not reach the next one
			}
		}

		synchronized void interrupt() {
			if (this.runner != null) {
				this.runner.interrupt();
			}
		}

	}

	/** Thrown into the future of a secondary that exceeded its timeout. */
	public static final class SecondaryTimeoutException extends RuntimeException {

		SecondaryTimeoutException(@Nullable Duration timeout) {
			super("Secondary did not finish within " + timeout, null, false, false);
		}

	}

}
