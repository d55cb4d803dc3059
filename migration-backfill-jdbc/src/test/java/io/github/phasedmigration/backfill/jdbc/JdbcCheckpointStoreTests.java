package io.github.phasedmigration.backfill.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.phasedmigration.core.backfill.BackfillCheckpoint;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.jdbc.DatabaseType;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases;
import io.github.phasedmigration.journal.jdbc.testing.RealDatabases.Database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link JdbcCheckpointStore} on each real database: PostgreSQL, MariaDB and H2.
 */
class JdbcCheckpointStoreTests {

	@RegisterExtension
	static final RealDatabases databases = new RealDatabases();

	private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

	private static final Duration LEASE = Duration.ofMinutes(1);

	@ParameterizedTest
	@EnumSource(Database.class)
	void schemaScriptRunsAgainOverAnExistingTableAndKeepsItsRows(Database database) {
		JdbcCheckpointStore store = freshStore(database);
		assertThat(store.acquire("m", "a", T0, T0.plus(LEASE))).isTrue();
		createSchema(databases.dataSource(database), database);
		assertThat(store.load("m")).isPresent();
		assertThat(store.durable()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(mode = EnumSource.Mode.EXCLUDE, names = "OTHER")
	void everyKnownDatabaseHasAScriptForTheTable(DatabaseType type) {
		assertThat(JdbcCheckpointStore.class.getResource(type.schemaScript())).isNotNull();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void acquireCreatesARowThatLoadReadsAsRunningFromTheStart(Database database) {
		JdbcCheckpointStore store = freshStore(database);
		assertThat(store.load("m")).isEmpty();

		assertThat(store.acquire("m", "a", T0, T0.plus(LEASE))).isTrue();

		assertThat(store.load("m"))
			.contains(new BackfillCheckpoint("m", BackfillState.RUNNING, null, 0, -1, T0, T0, null, null));
		Map<String, Object> row = row(database, "m");
		assertThat(row.get("lease_owner")).isEqualTo("a");
		assertThat(((Number) row.get("lease_until")).longValue()).isEqualTo(T0.plus(LEASE).toEpochMilli());
		assertThat(store.load("other")).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void saveAndLoadRoundTripEveryColumn(Database database) {
		JdbcCheckpointStore store = freshStore(database);
		store.acquire("m", "a", T0, T0.plus(LEASE));
		String lastKey = "k".repeat(JdbcCheckpointStore.MAX_KEY_LENGTH - 3) + "\u00e9\u2603\u00fc";
		BackfillCheckpoint failed = new BackfillCheckpoint("m", BackfillState.FAILED, lastKey, 12_345_678_901L,
				98_765_432_100L, T0, T0.plusSeconds(5), T0.plusSeconds(6), "caf\u00e9 \u2603 broke");
		Instant renewed = T0.plusSeconds(5).plus(LEASE);

		assertThat(store.save(failed, "a", renewed)).isTrue();

		assertThat(store.load("m")).contains(failed);
		assertThat(((Number) row(database, "m").get("lease_until")).longValue()).isEqualTo(renewed.toEpochMilli());

		BackfillCheckpoint resumed = new BackfillCheckpoint("m", BackfillState.RUNNING, null, 0, -1, T0,
				T0.plusSeconds(7), null, null);
		assertThat(store.save(resumed, "a", renewed)).isTrue();
		assertThat(store.load("m")).as("nulls overwrite values").contains(resumed);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void longErrorsAreStoredShortened(Database database) {
		JdbcCheckpointStore store = freshStore(database);
		store.acquire("m", "a", T0, T0.plus(LEASE));
		String error = "E".repeat(JdbcCheckpointStore.MAX_ERROR_LENGTH + 500);

		store.save(new BackfillCheckpoint("m", BackfillState.FAILED, "7", 1, 2, T0, T0, null, error), "a",
				T0.plus(LEASE));

		assertThat(store.load("m").orElseThrow().lastError()).hasSize(JdbcCheckpointStore.MAX_ERROR_LENGTH)
			.startsWith("EEE")
			.endsWith("...");
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void aLeaseIsExclusiveUntilItEndsAndItsOwnerRenewsIt(Database database) {
		JdbcCheckpointStore first = freshStore(database);
		JdbcCheckpointStore second = new JdbcCheckpointStore(databases.newDataSource(database, 2));
		assertThat(first.acquire("m", "a", T0, T0.plus(LEASE))).isTrue();

		assertThat(second.acquire("m", "b", T0.plusSeconds(1), T0.plusSeconds(1).plus(LEASE))).isFalse();
		assertThat(second.acquire("m", "b", T0.plus(LEASE), T0.plus(LEASE).plus(LEASE)))
			.as("the lease still holds at its last instant")
			.isFalse();
		assertThat(second.acquire("other", "b", T0, T0.plus(LEASE))).as("leases are per migration").isTrue();

		Instant renewedAt = T0.plusSeconds(30);
		assertThat(first.acquire("m", "a", renewedAt, renewedAt.plus(LEASE))).as("its owner renews it").isTrue();
		assertThat(second.acquire("m", "b", T0.plus(LEASE).plusMillis(1), T0.plus(LEASE).plus(LEASE)))
			.as("the renewed lease holds past the first one's end")
			.isFalse();
		assertThat(row(database, "m").get("lease_owner")).isEqualTo("a");
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void tellsWhoHoldsALeaseUntilItEnds(Database database) {
		JdbcCheckpointStore store = freshStore(database);
		assertThat(store.leaseHolder("m", T0)).as("no row").isEmpty();
		store.acquire("m", "a", T0, T0.plus(LEASE));

		assertThat(store.leaseHolder("m", T0)).contains("a");
		assertThat(store.leaseHolder("m", T0.plus(LEASE))).as("at its last instant").contains("a");
		assertThat(store.leaseHolder("m", T0.plus(LEASE).plusMillis(1))).as("ran out").isEmpty();
		assertThat(store.leaseHolder("other", T0)).isEmpty();

		store.release("m", "a");
		assertThat(store.leaseHolder("m", T0)).as("released").isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void anExpiredLeaseIsTakenOverAndTheFormerOwnersSaveIsRefused(Database database) {
		JdbcCheckpointStore first = freshStore(database);
		JdbcCheckpointStore second = new JdbcCheckpointStore(databases.newDataSource(database, 2));
		first.acquire("m", "a", T0, T0.plus(LEASE));
		BackfillCheckpoint byFirst = new BackfillCheckpoint("m", BackfillState.RUNNING, "100", 100, 1000, T0,
				T0.plusSeconds(10), null, null);
		assertThat(first.save(byFirst, "a", T0.plus(LEASE))).isTrue();

		Instant takeover = T0.plus(LEASE).plusMillis(1);
		assertThat(second.acquire("m", "b", takeover, takeover.plus(LEASE))).isTrue();
		assertThat(second.load("m")).as("the new owner resumes from the last checkpoint").contains(byFirst);
		BackfillCheckpoint bySecond = new BackfillCheckpoint("m", BackfillState.RUNNING, "200", 200, 1000, T0,
				takeover.plusSeconds(1), null, null);
		assertThat(second.save(bySecond, "b", takeover.plus(LEASE))).isTrue();

		BackfillCheckpoint late = new BackfillCheckpoint("m", BackfillState.RUNNING, "150", 150, 1000, T0,
				takeover.plusSeconds(2), null, null);
		assertThat(first.save(late, "a", takeover.plus(LEASE))).isFalse();
		assertThat(first.acquire("m", "a", takeover.plusSeconds(2), takeover.plus(LEASE))).isFalse();
		assertThat(first.load("m")).contains(bySecond);
		assertThat(row(database, "m").get("lease_owner")).isEqualTo("b");
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void releaseFreesTheLeaseOnlyForItsOwner(Database database) {
		JdbcCheckpointStore store = freshStore(database);
		store.acquire("m", "a", T0, T0.plus(LEASE));

		store.release("m", "b");
		assertThat(store.acquire("m", "b", T0, T0.plus(LEASE))).as("b does not hold it: its release did nothing")
			.isFalse();

		store.release("m", "a");
		Map<String, Object> row = row(database, "m");
		assertThat(row.get("lease_owner")).isNull();
		assertThat(row.get("lease_until")).isNull();
		assertThat(store.save(new BackfillCheckpoint("m", BackfillState.PAUSED, "1", 1, 1, T0, T0, null, null), "a",
				T0.plus(LEASE)))
			.as("released: a no longer saves")
			.isFalse();
		assertThat(store.acquire("m", "b", T0, T0.plus(LEASE))).as("free long before the lease's end").isTrue();
		assertThat(store.load("m").orElseThrow().state()).as("the checkpoint survives a release")
			.isEqualTo(BackfillState.RUNNING);
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void resetForgetsTheCheckpointAndTheLease(Database database) {
		JdbcCheckpointStore store = freshStore(database);
		store.acquire("m", "a", T0, T0.plus(LEASE));
		store.save(new BackfillCheckpoint("m", BackfillState.COMPLETED, "900", 900, 900, T0, T0.plusSeconds(9),
				T0.plusSeconds(9), null), "a", T0.plus(LEASE));
		store.acquire("other", "a", T0, T0.plus(LEASE));

		store.reset("m");

		assertThat(store.load("m")).isEmpty();
		assertThat(store.load("other")).as("only that migration").isPresent();
		assertThat(store.save(new BackfillCheckpoint("m", BackfillState.RUNNING, "950", 950, 900, T0,
				T0.plusSeconds(10), null, null), "a", T0.plus(LEASE)))
			.as("a run that went on after the reset is stopped at its next save")
			.isFalse();
		assertThat(store.load("m")).isEmpty();
		Instant later = T0.plusSeconds(20);
		assertThat(store.acquire("m", "b", later, later.plus(LEASE))).isTrue();
		assertThat(store.load("m"))
			.contains(new BackfillCheckpoint("m", BackfillState.RUNNING, null, 0, -1, later, later, null, null));
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void writesCommitWhateverTheCallersTransactionDoes(Database database) {
		DataSource dataSource = databases.dataSource(database);
		JdbcCheckpointStore store = freshStore(database);
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> {
			store.acquire("m", "a", T0, T0.plus(LEASE));
			store.save(new BackfillCheckpoint("m", BackfillState.RUNNING, "5", 5, 10, T0, T0, null, null), "a",
					T0.plus(LEASE));
			status.setRollbackOnly();
		});
		assertThat(store.load("m").orElseThrow().lastKey()).isEqualTo("5");
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void concurrentAcquirersOfOneLeaseNeverBothWin(Database database) throws Exception {
		freshStore(database);
		int owners = 6;
		List<JdbcCheckpointStore> stores = new ArrayList<>();
		for (int i = 0; i < owners; i++) {
			stores.add(new JdbcCheckpointStore(databases.newDataSource(database, 2)));
		}
		ExecutorService executor = Executors.newFixedThreadPool(owners);
		try {
			for (int round = 0; round < 15; round++) {
				String migration = "race-" + round;
				// the row does not exist yet: every owner inserts it at once
				assertThat(race(executor, stores, migration, T0)).as("winners of a new row, round %d", round)
					.isEqualTo(1);
				// the lease has ended: every owner takes it over at once, the holder included
				Instant afterLease = T0.plus(LEASE).plusMillis(1);
				assertThat(race(executor, stores, migration, afterLease))
					.as("winners of an ended lease, round %d", round)
					.isEqualTo(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static int race(ExecutorService executor, List<JdbcCheckpointStore> stores, String migration,
			Instant now) throws Exception {
		CountDownLatch ready = new CountDownLatch(stores.size());
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Boolean>> results = new ArrayList<>();
		for (int i = 0; i < stores.size(); i++) {
			JdbcCheckpointStore store = stores.get(i);
			String owner = "owner-" + i;
			results.add(executor.submit(() -> {
				ready.countDown();
				go.await(10, TimeUnit.SECONDS);
				return store.acquire(migration, owner, now, now.plus(LEASE));
			}));
		}
		assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
		go.countDown();
		int winners = 0;
		for (Future<Boolean> result : results) {
			winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
		}
		return winners;
	}

	@Test
	void refusesNamesTheTableCannotHold() {
		JdbcCheckpointStore store = new JdbcCheckpointStore(databases.dataSource(Database.H2));
		String longName = "m".repeat(JdbcCheckpointStore.MAX_MIGRATION_LENGTH + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> store.acquire(longName, "a", T0, T0.plus(LEASE)))
			.withMessageContaining("at most 100 characters, not 101")
			.withMessageContaining(longName);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.acquire("m", "o".repeat(JdbcCheckpointStore.MAX_OWNER_LENGTH + 1), T0, T0))
			.withMessageContaining("lease owner");
		assertThatIllegalArgumentException().isThrownBy(() -> store.acquire("m", " ", T0, T0))
			.withMessageContaining("blank");
		String longKey = "9".repeat(JdbcCheckpointStore.MAX_KEY_LENGTH + 1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.save(new BackfillCheckpoint("m", BackfillState.RUNNING, longKey, 1, 1, T0, T0, null,
					null), "a", T0))
			.withMessageContaining("'" + longKey + "'")
			.withMessageContaining("256 characters")
			.withMessageContaining("at most 255");
	}

	@Test
	void truncatesErrorsWithoutSplittingACharacter() {
		String error = "x".repeat(JdbcCheckpointStore.MAX_ERROR_LENGTH - 4) + "\ud83d\ude00" + "y".repeat(10);
		String stored = JdbcCheckpointStore.truncate(error);
		assertThat(stored).hasSizeLessThanOrEqualTo(JdbcCheckpointStore.MAX_ERROR_LENGTH).endsWith("x...");
		assertThat(JdbcCheckpointStore.truncate("short")).isEqualTo("short");
	}

	private static JdbcCheckpointStore freshStore(Database database) {
		DataSource dataSource = databases.dataSource(database);
		createSchema(dataSource, database);
		JdbcClient.create(dataSource).sql("DELETE FROM migration_backfill").update();
		return new JdbcCheckpointStore(dataSource);
	}

	private static void createSchema(DataSource dataSource, Database database) {
		new ResourceDatabasePopulator(new DefaultResourceLoader()
			.getResource(JdbcCheckpointStore.schemaLocation(database.platform()))).execute(dataSource);
	}

	private static Map<String, Object> row(Database database, String migration) {
		return JdbcClient.create(databases.dataSource(database))
			.sql("SELECT lease_owner, lease_until FROM migration_backfill WHERE migration = ?")
			.param(migration)
			.query()
			.singleRow();
	}

}
