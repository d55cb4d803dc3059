package io.github.phasedmigration.sample.crossdb;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import io.github.phasedmigration.sample.AppHttp;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash window of the journal: in SHADOW a write commits on old, and its second write to new
 * follows; a process killed between the two loses the second write, and no journal entry was ever
 * written for it (invariant I1: verify and repair bring it back). Eight HTTP clients write to a
 * real process; the new database stalls for a moment (its proxy passes no bytes), so that the
 * writers stand in that window, and the process is killed with SIGKILL. A second process on the same
 * databases replays what the first journaled, then verify finds only the writes of requests that
 * never got their answer, and repair fixes exactly those.
 */
class CrashWindowTest {

	private static final String MIGRATION = SampleInstance.MIGRATION;

	private static final int CLIENTS = 8;

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private CrossDatabases databases;

	private SampleProcess before;

	private SampleProcess after;

	private HttpClients clients;

	@BeforeEach
	void createDatabases() {
		this.databases = CrossDatabases.of(realDatabases);
	}

	@AfterEach
	void stop() throws Exception {
		try {
			if (this.clients != null) {
				this.clients.stop();
			}
			if (this.before != null) {
				this.before.close();
			}
			if (this.after != null) {
				this.after.close();
			}
		}
		finally {
			if (this.databases != null) {
				this.databases.close();
			}
		}
	}

	@Test
	void verifyAndRepairRecoverTheWritesLostBetweenOldsCommitAndNewsWrite() throws Exception {
		this.before = process("crash-before").start().awaitHealthy();
		this.clients = new HttpClients(this.before.http());
		await("requests answered").atMost(Duration.ofSeconds(60))
			.failFast(this.before::checkAlive)
			.until(() -> this.clients.answered() >= 1_500);
		assertThat(this.clients.failures()).as("requests that failed").isEmpty();

		this.databases.proxy().freeze();
		// a writer whose request has waited this long has committed on old and waits for new
		await("writers waiting for new").atMost(Duration.ofSeconds(8))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.clients.waitingLongerThan(Duration.ofSeconds(1)) >= CLIENTS / 2);
		int waitingAtKill = this.clients.waitingLongerThan(Duration.ofSeconds(1));
		this.before.kill();
		// what the proxy holds of the dead process's statements never reaches PostgreSQL
		this.databases.proxy().cutConnections();
		this.databases.proxy().unfreeze();
		this.clients.awaitEnd(Duration.ofSeconds(30));
		long journalAtKill = this.databases.journalEntries();
		long answered = this.clients.answered();
		List<Unanswered> unanswered = this.clients.unanswered();
		assertThat(this.clients.failures()).as("requests that failed before the kill").isEmpty();
		assertThat(unanswered).as("requests without an answer: one per client at most").hasSizeLessThanOrEqualTo(CLIENTS);

		this.after = process("crash-after").start().awaitHealthy();
		await("journal replayed by the restarted process").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.databases.journalEntries() == 0);
		assertThat(this.databases.journalEntries("PARKED")).isZero();
		AppHttp http = this.after.http();

		JsonNode first = verify(http, false);
		long lost = differences(first);
		assertThat(first.get("pendingInJournal").asLong()).isZero();
		assertThat(lost).as("second writes lost in the crash window: %s", first).isPositive();
		assertThat(lost).as("lost writes: of unanswered requests only (%s)", unanswered)
			.isLessThanOrEqualTo(unanswered.size());
		long unansweredPlacements = unanswered.stream().filter((request) -> request.orderId() == null).count();
		Set<Long> unansweredOrders = unanswered.stream()
			.map(Unanswered::orderId)
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		List<Long> unknownOrders = new ArrayList<>();
		for (JsonNode sample : first.get("samples")) {
			long orderId = Long.parseLong(sample.get("key").asString());
			if (!unansweredOrders.contains(orderId)) {
				// an order whose placing was never answered: the client never learned its id
				assertThat(this.clients.placed()).as("order %d of difference %s: an answered write", orderId, sample)
					.doesNotContain(orderId);
				assertThat(sample.get("kind").asString()).as("order %d, placed without an answer", orderId)
					.isEqualTo("ONLY_IN_OLD");
				unknownOrders.add(orderId);
			}
		}
		assertThat(first.get("samples")).as("samples: every difference").hasSize((int) lost);
		assertThat(unknownOrders).as("orders placed without an answer").hasSizeLessThanOrEqualTo((int) unansweredPlacements);

		JsonNode repair = verify(http, true);
		long fixed = repair.get("repaired").asLong() + repair.get("deleted").asLong();
		assertThat(fixed).as("repaired and deleted: %s", repair).isEqualTo(lost);
		assertThat(differences(repair)).as("left after the repair: %s", repair).isZero();
		JsonNode second = verify(http, false);
		assertThat(differences(second)).as("found after the repair: %s", second).isZero();
		Convergence.reached(this.databases);
		System.out.printf("%s: %,d requests answered by 8 HTTP clients before the kill; %d writers waiting for new "
				+ "at the SIGKILL, %d requests unanswered; %d journal entries left by the killed process and replayed "
				+ "by the restarted one; verify found %d second writes lost in the crash window (%d only in old, %d only "
				+ "in new, %d different); repair fixed %d (%d written, %d deleted); old == new with %,d rows%n",
				getClass().getSimpleName(), answered, waitingAtKill, unanswered.size(), journalAtKill, lost,
				first.get("onlyInOld").asLong(), first.get("onlyInNew").asLong(), first.get("differing").asLong(), fixed,
				repair.get("repaired").asLong(), repair.get("deleted").asLong(), this.databases.newPending().size());
	}

	private SampleProcess.Builder process(String name) {
		return SampleProcess.on(this.databases).named(name)
			// the restarted process takes over the entries the killed one was replaying soon
			.property("migration.journal.reconciler.lease", "3s")
			.property("migration.backfill.verify.recheck-delay", "200ms")
			.property("migration.backfill.verify.sample-size", "50");
	}

	/** Starts a verify over HTTP and waits for its final report. */
	private static JsonNode verify(AppHttp http, boolean repair) throws Exception {
		String path = "/actuator/migrations/" + MIGRATION + "/verify";
		String start = repair ? "{\"action\": \"start\", \"repair\": true, \"deleteExtra\": true}"
				: "{\"action\": \"start\"}";
		// right after the last verify's final report: a verify that shows COMPLETED has ended
		HttpResponse<String> response = http.send("POST", path, start);
		assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
		JsonNode report = await("verify" + (repair ? " with repair" : "")).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> http.get(path), (last) -> !"RUNNING".equals(last.get("state").asString()));
		assertThat(report.get("state").asString()).as("verify: %s", report).isEqualTo("COMPLETED");
		return report;
	}

	private static long differences(JsonNode report) {
		return report.get("onlyInOld").asLong() + report.get("onlyInNew").asLong() + report.get("differing").asLong();
	}

	/**
	 * A write request whose answer never came: the process died with it.
	 *
	 * @param operation {@code place}, {@code change} or {@code pay}
	 * @param orderId the order; {@code null} for a placing, whose id only the answer would have told
	 */
	record Unanswered(String operation, Long orderId) {
	}

	/**
	 * Clients of the order API, each on a thread of its own: each places orders, changes the amount of
	 * its unpaid ones and pays them. A client stops at the first request that gets no answer.
	 */
	static final class HttpClients {

		private final AppHttp http;

		private final AtomicInteger answered = new AtomicInteger();

		private final Set<Long> placed = ConcurrentHashMap.newKeySet();

		private final Queue<Unanswered> unanswered = new ConcurrentLinkedQueue<>();

		private final Queue<String> failures = new ConcurrentLinkedQueue<>();

		/** When each client's request in flight was sent (nanoTime), 0 when it has none. */
		private final AtomicLongArray sentAt = new AtomicLongArray(CLIENTS);

		private final CountDownLatch ended = new CountDownLatch(CLIENTS);

		private volatile boolean stopped;

		HttpClients(AppHttp http) {
			this.http = http;
			for (int i = 0; i < CLIENTS; i++) {
				int client = i;
				Thread thread = new Thread(() -> run(client, new Random(17L * client + 3)), "http-client-" + i);
				thread.setDaemon(true);
				thread.start();
			}
		}

		int answered() {
			return this.answered.get();
		}

		Set<Long> placed() {
			return Set.copyOf(this.placed);
		}

		List<Unanswered> unanswered() {
			return List.copyOf(this.unanswered);
		}

		List<String> failures() {
			return List.copyOf(this.failures);
		}

		/** Clients whose request in flight was sent longer ago than that. */
		int waitingLongerThan(Duration duration) {
			long now = System.nanoTime();
			int waiting = 0;
			for (int i = 0; i < CLIENTS; i++) {
				long sent = this.sentAt.get(i);
				if (sent != 0 && now - sent > duration.toNanos()) {
					waiting++;
				}
			}
			return waiting;
		}

		void stop() {
			this.stopped = true;
		}

		void awaitEnd(Duration timeout) throws InterruptedException {
			if (!this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("The HTTP clients did not end within " + timeout);
			}
		}

		private void run(int client, Random random) {
			List<Long> unpaid = new ArrayList<>();
			try {
				while (!this.stopped) {
					double dice = random.nextDouble();
					String operation = (unpaid.isEmpty() || dice < 0.4) ? "place" : (dice < 0.7) ? "change" : "pay";
					Long orderId = "place".equals(operation) ? null : unpaid.get(random.nextInt(unpaid.size()));
					this.sentAt.set(client, System.nanoTime());
					HttpResponse<String> response;
					try {
						response = switch (operation) {
							case "place" -> this.http.send("POST", "/orders", "{\"customerId\": "
									+ (1 + random.nextInt(200)) + ", \"amountCents\": " + amount(random) + "}");
							case "change" -> this.http.send("PUT", "/orders/" + orderId + "/amount",
									"{\"amountCents\": " + amount(random) + "}");
							default -> this.http.send("POST", "/orders/" + orderId + "/payment", null);
						};
					}
					catch (IOException ex) {
						// the process is gone: whether this write happened, the client cannot know
						this.unanswered.add(new Unanswered(operation, orderId));
						return;
					}
					finally {
						this.sentAt.set(client, 0);
					}
					int expected = "place".equals(operation) ? 201 : 204;
					if (response.statusCode() != expected) {
						this.failures.add(operation + " " + orderId + ": " + response.statusCode() + " " + response.body());
						return;
					}
					if ("place".equals(operation)) {
						long placedId = AppHttp.json.readTree(response.body()).get("orderId").asLong();
						this.placed.add(placedId);
						unpaid.add(placedId);
					}
					else if ("pay".equals(operation)) {
						unpaid.remove(orderId);
					}
					this.answered.incrementAndGet();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.ended.countDown();
			}
		}

		private static long amount(Random random) {
			return 100 + random.nextInt(100_000);
		}

	}

}
