package io.github.phasedmigration.sample.crossdb;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.BadSqlGrammarException;
import tools.jackson.databind.JsonNode;

import io.github.phasedmigration.sample.AppHttp;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;
import io.github.phasedmigration.sample.crossdb.CrossDatabases.Checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backfill whose process is killed (SIGKILL) half-way: its checkpoint stays RUNNING with the dead
 * process's lease, and once the lease has run out a second process takes it over from the last
 * checkpoint (not from the first record) and completes it; new then holds exactly old's unpaid
 * orders. Two real JVM processes, so that nothing of the first survives in memory.
 */
class BackfillKilledProcessResumesTest {

	private static final String MIGRATION = SampleInstance.MIGRATION;

	private static final int ORDERS = 100_000;

	/** Three in ten orders of the generated history are unpaid. */
	private static final int UNPAID = ORDERS / 10 * 3;

	private static final int RATE = 5_000;

	private static final int CHUNK = 500;

	@RegisterExtension
	static final RealDatabases realDatabases = new RealDatabases();

	private CrossDatabases databases;

	private SampleProcess first;

	private SampleProcess second;

	@BeforeEach
	void createDatabases() {
		this.databases = CrossDatabases.of(realDatabases);
	}

	@AfterEach
	void stop() throws Exception {
		try {
			if (this.first != null) {
				this.first.close();
			}
			if (this.second != null) {
				this.second.close();
			}
		}
		finally {
			if (this.databases != null) {
				this.databases.close();
			}
		}
	}

	@Test
	void aSecondProcessTakesOverFromTheCheckpointOfTheKilledOne() throws Exception {
		// a rate limit makes the copy last long enough (30,000 rows at 5,000/s) to be killed on the way;
		// a short lease lets the second process take over soon after the kill
		this.first = backfillProcess("backfill-first").property("sample.history.orders", Integer.toString(ORDERS))
			.property("migration.backfill.start-on-startup", MIGRATION)
			.start();
		// the checkpoint table appears while the process starts: until then the query fails
		await("rows_done at 35% of " + UNPAID).atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(25))
			.failFast(this.first::checkAlive)
			.ignoreException(BadSqlGrammarException.class)
			.until(() -> this.databases.checkpoint(MIGRATION).map(Checkpoint::rowsDone).orElse(0L) >= UNPAID * 35 / 100);
		this.first.kill();
		long killedAt = System.currentTimeMillis();

		Checkpoint atKill = this.databases.checkpoint(MIGRATION).orElseThrow();
		assertThat(atKill.state()).as("checkpoint after the kill").isEqualTo("RUNNING");
		assertThat(atKill.leaseOwner()).as("lease after the kill: still the dead process's").isEqualTo("backfill-first");
		assertThat(atKill.leaseUntil()).as("lease end after the kill: still to come, so nobody may take over yet")
			.isGreaterThan(killedAt);
		assertThat(atKill.rowsDone()).as("rows done at the kill").isBetween((long) UNPAID / 5, (long) UNPAID * 4 / 5);
		assertThat(atKill.rowsTotal()).as("rows total at the kill").isEqualTo(UNPAID);
		assertThat(atKill.lastKey()).as("last key at the kill").isNotNull();
		long copiedAtKill = this.databases.newSide().sql("SELECT COUNT(*) FROM pending_payments").query(Long.class).single();
		assertThat(copiedAtKill).as("rows in new at the kill: the checkpoint's, and maybe the chunk in flight")
			.isBetween(atKill.rowsDone(), atKill.rowsDone() + CHUNK);

		// no start-on-startup: only the look for backfills whose lease ran out can resume it
		this.second = backfillProcess("backfill-second").start().awaitHealthy();
		AppHttp http = this.second.http();
		JsonNode completed = await("backfill completed by the second process").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.failFast(this.second::checkAlive)
			.until(() -> http.get("/actuator/migrations/" + MIGRATION + "/backfill"),
					(status) -> "COMPLETED".equals(status.get("state").asString()));

		Checkpoint done = this.databases.checkpoint(MIGRATION).orElseThrow();
		assertThat(done.state()).isEqualTo("COMPLETED");
		assertThat(done.leaseOwner()).as("lease after completion").isNull();
		assertThat(done.rowsDone()).as("rows done").isGreaterThanOrEqualTo(UNPAID);
		assertThat(done.startedAt()).as("started at: the first run's, so the run was resumed").isEqualTo(atKill.startedAt());
		assertThat(completed.get("rowsDone").asLong()).isEqualTo(done.rowsDone());
		assertThat(this.second.log()).as("the second process's log")
			.contains("Backfill of '" + MIGRATION + "' taken over on instance 'backfill-second' after key "
					+ atKill.lastKey())
			.contains("Backfill of '" + MIGRATION + "' completed");

		CrossDatabases.Difference difference = this.databases.difference();
		assertThat(difference.none()).as("old and new differ: %s", difference).isTrue();
		assertThat(difference.oldRows()).as("unpaid orders in old").isEqualTo(UNPAID);
		assertThat(difference.newRows()).as("rows in new").isEqualTo(UNPAID);
		long takenOverAt = takenOverAt();
		assertThat(takenOverAt).as("take-over time: only once the dead process's lease had run out")
			.isGreaterThan(atKill.leaseUntil());
		// the pacer keeps a run at its rate, give or take the chunk that starts last
		long copiedBySecond = done.rowsDone() - atKill.rowsDone();
		double secondRunSeconds = (done.finishedAt() - takenOverAt) / 1000.0;
		assertThat(copiedBySecond).as("rows the second process copied in %.1f s at 5,000 rows/s", secondRunSeconds)
			.isLessThanOrEqualTo((long) (RATE * secondRunSeconds) + CHUNK);
		System.out.printf("%s: %,d orders, %,d unpaid; killed (SIGKILL) at %,d rows done (%.0f%%), last key %s, "
				+ "%,d rows in new; the second process took over %d ms after the kill (lease 3 s), copied %,d rows in "
				+ "%.1f s (%,.0f rows/s, limit %,d) and completed at %,d rows done; old == new with %,d rows%n",
				getClass().getSimpleName(), ORDERS, UNPAID, atKill.rowsDone(), 100.0 * atKill.rowsDone() / UNPAID,
				atKill.lastKey(), copiedAtKill, takenOverAt - killedAt, copiedBySecond, secondRunSeconds,
				copiedBySecond / secondRunSeconds, RATE, done.rowsDone(), difference.newRows());
	}

	private SampleProcess.Builder backfillProcess(String name) {
		return SampleProcess.on(this.databases).named(name)
			.property("migration.backfill.chunk-size", Integer.toString(CHUNK))
			.property("migration.backfill.rows-per-second", Integer.toString(RATE))
			.property("migration.backfill.lease", "3s")
			.property("migration.backfill.poll-interval", "500ms")
			.property("migration.backfill.log-interval", "1s");
	}

	/** When the second process took the backfill over: the time stamp of its log line, epoch milliseconds. */
	private long takenOverAt() {
		String line = this.second.log()
			.lines()
			.filter((text) -> text.contains("taken over on instance 'backfill-second'"))
			.findFirst()
			.orElseThrow();
		return OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant().toEpochMilli();
	}

}
