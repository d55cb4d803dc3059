package io.github.phasedmigration.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import io.github.phasedmigration.core.execution.SecondaryExecutor.SecondaryTimeoutException;

class SecondaryExecutorTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

	private final ContextRegistry contextRegistry = new ContextRegistry().registerThreadLocalAccessor("tenant", TENANT);

	private final CountDownLatch blocker = new CountDownLatch(1);

	private SecondaryExecutor executor = executor(2, 4);

	private SecondaryExecutor executor(int threads, int queueCapacity) {
		return new SecondaryExecutor(new ExecutorSettings(threads, queueCapacity, "sec-", Duration.ofSeconds(1)),
				ContextSnapshotFactory.builder().contextRegistry(this.contextRegistry).build());
	}

	private void use(int threads, int queueCapacity) {
		this.executor.close();
		this.executor = executor(threads, queueCapacity);
	}

	@AfterEach
	void close() {
		this.blocker.countDown();
		TENANT.remove();
		MDC.clear();
		this.executor.close();
	}

	/** Occupies a thread or a queue slot until {@link #blocker} is released. */
	private CompletableFuture<Object> occupy() {
		return this.executor.submit(() -> {
			try {
				this.blocker.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableFuture.completedFuture("released");
		}, Duration.ofSeconds(10));
	}

	@Test
	void runsTheTaskOnANamedPoolThreadAndCompletesWithItsValue() {
		CompletableFuture<String> result = this.executor
			.submit(() -> CompletableFuture.completedFuture(Thread.currentThread().getName()), WAIT);

		assertThat(result).succeedsWithin(WAIT).asString().startsWith("sec-");
	}

	@Test
	void completesWithTheStagesValueWhenItCompletesLater() {
		CompletableFuture<String> stage = new CompletableFuture<>();

		CompletableFuture<String> result = this.executor.submit(() -> stage, WAIT);

		assertThat(result).isNotDone();
		stage.complete("later");
		assertThat(result).succeedsWithin(WAIT).isEqualTo("later");
	}

	@Test
	void failsWithWhatTheTaskThrewOrItsStageFailedWith() {
		IllegalStateException thrown = new IllegalStateException("thrown");
		IllegalStateException failed = new IllegalStateException("failed");

		CompletableFuture<Object> throwing = this.executor.submit(() -> {
			throw thrown;
		}, WAIT);
		CompletableFuture<Object> failing = this.executor.submit(() -> CompletableFuture.failedFuture(failed), WAIT);

		assertThat(throwing).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause().isSameAs(thrown);
		assertThat(failing).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause().isSameAs(failed);
	}

	@Test
	void aTaskBeyondItsTimeoutFailsWithATimeoutAndIsInterrupted() throws InterruptedException {
		CountDownLatch interrupted = new CountDownLatch(1);

		CompletableFuture<Object> result = this.executor.submit(() -> {
			try {
				this.blocker.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
			}
			return CompletableFuture.completedFuture("too late");
		}, Duration.ofMillis(100));

		assertThat(result).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(SecondaryTimeoutException.class)
			.withMessage("Secondary did not finish within PT0.1S");
		assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
		Awaitility.await().atMost(WAIT).until(() -> this.executor.activeCount() == 0);
	}

	@Test
	void aTaskThatTimedOutWhileQueuedNeverRuns() {
		use(1, 1);
		occupy();
		AtomicBoolean ran = new AtomicBoolean();

		CompletableFuture<Object> queued = this.executor.submit(() -> {
			ran.set(true);
			return CompletableFuture.completedFuture("ran");
		}, Duration.ofMillis(50));

		assertThat(queued).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(SecondaryTimeoutException.class);
		this.blocker.countDown();
		Awaitility.await().atMost(WAIT).until(() -> this.executor.queueSize() == 0 && this.executor.activeCount() == 0);
		assertThat(ran).isFalse();
	}

	@Test
	void aFullPoolWithoutQueueRejects() {
		use(1, 0);
		occupy();
		Awaitility.await().atMost(WAIT).until(() -> this.executor.activeCount() == 1);

		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.executor.submit(() -> CompletableFuture.completedFuture("x"), WAIT));
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> this.executor.execute(() -> {
		}));
	}

	@Test
	void aFullQueueRejectsAndReportsItsSize() {
		use(1, 2);
		occupy();
		occupy();
		occupy();
		Awaitility.await().atMost(WAIT).until(() -> this.executor.activeCount() == 1);

		assertThat(this.executor.queueSize()).isEqualTo(2);
		assertThat(this.executor.poolSize()).isEqualTo(1);
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(this::occupy);
	}

	@Test
	void theSubmittersContextIsSetAroundTheTaskAndRemovedAfterwards() {
		use(1, 4);
		TENANT.set("acme");
		CompletableFuture<String> seen = this.executor.submit(() -> CompletableFuture.completedFuture(TENANT.get()),
				WAIT);
		assertThat(seen).succeedsWithin(WAIT).isEqualTo("acme");

		TENANT.remove();
		CompletableFuture<String> afterwards = this.executor
			.submit(() -> CompletableFuture.completedFuture(String.valueOf(TENANT.get())), WAIT);
		assertThat(afterwards).as("same thread, context gone").succeedsWithin(WAIT).isEqualTo("null");
	}

	@Test
	void executeRunsTheTaskInTheSubmittersContext() {
		TENANT.set("acme");
		AtomicReference<String> seen = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(1);

		this.executor.execute(() -> {
			seen.set(Thread.currentThread().getName() + " " + TENANT.get());
			done.countDown();
		});

		Awaitility.await().atMost(WAIT).until(() -> done.getCount() == 0);
		assertThat(seen.get()).startsWith("sec-").endsWith(" acme");
	}

	@Test
	void theDefaultSnapshotFactoryCarriesTheMdc() {
		this.executor.close();
		this.executor = new SecondaryExecutor(new ExecutorSettings(1, 4, "sec-", Duration.ofSeconds(1)),
				SecondaryExecutor.defaultContextSnapshotFactory());
		SecondaryExecutor.defaultContextSnapshotFactory(); // a second call registers nothing twice
		MDC.put("requestId", "r-9");

		CompletableFuture<String> seen = this.executor
			.submit(() -> CompletableFuture.completedFuture(MDC.get("requestId")), WAIT);

		assertThat(seen).succeedsWithin(WAIT).isEqualTo("r-9");
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
			.filteredOn((accessor) -> Slf4jThreadLocalAccessor.KEY.equals(accessor.key()))
			.hasSize(1);
	}

	@Test
	void closingStopsTakingTasksAndInterruptsThoseStillRunningAfterTheShutdownTimeout()
			throws InterruptedException {
		this.executor.close();
		this.executor = new SecondaryExecutor(new ExecutorSettings(1, 1, "sec-", Duration.ofMillis(100)),
				ContextSnapshotFactory.builder().contextRegistry(this.contextRegistry).build());
		CountDownLatch interrupted = new CountDownLatch(1);
		this.executor.submit(() -> {
			try {
				this.blocker.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
			}
			return CompletableFuture.completedFuture(null);
		}, Duration.ofSeconds(10));
		Awaitility.await().atMost(WAIT).until(() -> this.executor.activeCount() == 1);

		this.executor.close();

		assertThat(this.executor.isShutdown()).isTrue();
		assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.executor.submit(() -> CompletableFuture.completedFuture("x"), WAIT));
	}

	@Test
	void closingWaitsForRunningTasksWithinTheShutdownTimeout() {
		CompletableFuture<Object> running = occupy();
		Awaitility.await().atMost(WAIT).until(() -> this.executor.activeCount() == 1);
		this.blocker.countDown();

		this.executor.close();

		assertThat(running).isCompletedWithValue("released");
	}

	@Test
	void defaultsAreFourThreadsAndTwoHundredQueued() {
		try (SecondaryExecutor defaults = SecondaryExecutor.withDefaults()) {
			assertThat(defaults.settings()).isEqualTo(ExecutorSettings.DEFAULTS);
			assertThat(defaults.settings().threads()).isEqualTo(4);
			assertThat(defaults.settings().queueCapacity()).isEqualTo(200);
		}
	}

	@Test
	void invalidSettingsAreRejectedWithTheirName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExecutorSettings(0, 1, "x-", Duration.ofSeconds(1)))
			.withMessage("threads must be at least 1, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExecutorSettings(1, -1, "x-", Duration.ofSeconds(1)))
			.withMessage("queue-capacity must be 0 or more, was -1");
	}

}
