package io.github.phasedmigration.journal.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.NewJournalEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A journal write that the database rolls back as a deadlock's victim runs again; other failures,
 * a lock wait timeout among them, reach the caller at once. The database (embedded H2) is made to
 * fail the chosen statements the way MariaDB and PostgreSQL report a deadlock.
 */
class DeadlockRetriesTests {

	private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

	@Test
	void aSettleChosenAsADeadlocksVictimRunsAgain() {
		FailingDataSource dataSource = new FailingDataSource("DELETE", 2, deadlock("40001"));
		JdbcWriteJournal journal = journal(dataSource);
		List<JournalEntry> claimed = claimOne(journal);

		journal.replayed(claimed);

		assertThat(dataSource.failures).as("two deadlocks, then the third attempt").hasValue(2);
		assertThat(rows(dataSource)).isZero();
	}

	@Test
	void aParkChosenAsADeadlocksVictimRunsAgain() {
		// the settle's own UPDATE (the claim's starts otherwise)
		FailingDataSource dataSource = new FailingDataSource("UPDATE " + JdbcWriteJournal.TABLE + " SET status = ?",
				2, deadlock("40001"));
		JdbcWriteJournal journal = journal(dataSource);
		List<JournalEntry> claimed = claimOne(journal);

		journal.park(claimed.get(0), "new refused it");

		assertThat(dataSource.failures).as("two deadlocks, then the third attempt").hasValue(2);
		assertThat(journal.parked("m", 0, 10)).extracting(JournalEntry::lastError).containsExactly("new refused it");
	}

	@Test
	void aRetryOfParkedEntriesChosenAsADeadlocksVictimRunsAgain() {
		FailingDataSource dataSource = new FailingDataSource(
				"UPDATE " + JdbcWriteJournal.TABLE + " SET status = 'PENDING', attempts = 0", 1, deadlock("40P01"));
		JdbcWriteJournal journal = journal(dataSource);
		journal.park(claimOne(journal).get(0), "new refused it");

		assertThat(journal.retryParked("m", null, T0.plusSeconds(2))).isOne();
		assertThat(dataSource.failures).hasValue(1);
		assertThat(journal.parked("m", 0, 10)).isEmpty();
	}

	@Test
	void postgresqlsDeadlockStateIsRetriedToo() {
		FailingDataSource dataSource = new FailingDataSource("INSERT", 1, deadlock("40P01"));

		long id = journal(dataSource).append(entry());

		assertThat(dataSource.failures).hasValue(1);
		assertThat(id).as("the key of the attempt that committed").isPositive();
		assertThat(rows(dataSource)).isOne();
	}

	@Test
	void aDeadlockOnEveryAttemptReachesTheCallerAfterTheLast() {
		FailingDataSource dataSource = new FailingDataSource("DELETE", Integer.MAX_VALUE, deadlock("40001"));
		JdbcWriteJournal journal = journal(dataSource);
		List<JournalEntry> claimed = claimOne(journal);

		assertThatThrownBy(() -> journal.replayed(claimed)).isInstanceOf(DataAccessException.class);
		assertThat(dataSource.failures).hasValue(DeadlockRetries.ATTEMPTS);
	}

	@Test
	void aLockWaitTimeoutIsNotRetried() {
		// MariaDB's "Lock wait timeout exceeded": waiting that long again would only delay the caller more
		FailingDataSource dataSource = new FailingDataSource("INSERT", Integer.MAX_VALUE,
				new SQLException("Lock wait timeout exceeded; try restarting transaction", "HY000", 1205));

		assertThatThrownBy(() -> journal(dataSource).append(entry())).isInstanceOf(DataAccessException.class);
		assertThat(dataSource.failures).hasValue(1);
	}

	private static SQLException deadlock(String state) {
		return new SQLTransactionRollbackException("Deadlock found when trying to get lock", state, 1213);
	}

	private static JdbcWriteJournal journal(DataSource dataSource) {
		return new JdbcWriteJournal(dataSource, "test-instance", Clock.systemUTC());
	}

	private static List<JournalEntry> claimOne(JdbcWriteJournal journal) {
		journal.append(entry());
		List<JournalEntry> claimed = journal.claim(10, Duration.ofMinutes(5), T0.plusSeconds(1));
		assertThat(claimed).hasSize(1);
		return claimed;
	}

	private static NewJournalEntry entry() {
		return new NewJournalEntry(T0, "m", Impl.NEW, "Svc.save(String)", "k-1", "[\"a\"]", new Object[0],
				JournalCause.FAILED, "new store is down");
	}

	private static long rows(FailingDataSource dataSource) {
		return JdbcClient.create(dataSource.getTargetDataSource())
			.sql("SELECT COUNT(*) FROM " + JdbcWriteJournal.TABLE)
			.query(Long.class)
			.single();
	}

	/**
	 * A fresh H2 database with the journal's table, whose connections fail the first {@code times}
	 * preparations of statements that start with a given word, as the database would fail them.
	 */
	private static final class FailingDataSource extends DelegatingDataSource {

		final AtomicInteger failures = new AtomicInteger();

		private final String statement;

		private final int times;

		private final SQLException failure;

		FailingDataSource(String statement, int times, SQLException failure) {
			super(h2());
			this.statement = statement;
			this.times = times;
			this.failure = failure;
		}

		private static DataSource h2() {
			DataSource h2 = new DriverManagerDataSource(
					"jdbc:h2:mem:deadlock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
			ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
					new DefaultResourceLoader().getResource(JdbcWriteJournal.schemaLocation("h2")));
			populator.execute(h2);
			return h2;
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, arguments) -> {
						if (method.getName().equals("prepareStatement") && arguments[0] instanceof String sql
								&& sql.startsWith(this.statement) && this.failures.get() < this.times) {
							this.failures.incrementAndGet();
							throw this.failure;
						}
						try {
							return method.invoke(connection, arguments);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

	}

}
