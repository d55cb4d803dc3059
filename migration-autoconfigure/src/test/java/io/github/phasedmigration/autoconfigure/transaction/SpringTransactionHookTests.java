package io.github.phasedmigration.autoconfigure.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SpringTransactionHook} with a real {@link DataSourceTransactionManager} on H2: the task
 * runs after the commit, on connections of its own whose writes are committed, the finished
 * transaction's state is back for the transaction manager's clean-up, and nothing runs after a
 * rollback or outside a transaction.
 */
class SpringTransactionHookTests {

	private final EmbeddedDatabase database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
		.setName(UUID.randomUUID().toString())
		.build();

	private final DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(this.database);

	private final TransactionTemplate transactions = new TransactionTemplate(this.transactionManager);

	private final JdbcTemplate jdbc = new JdbcTemplate(this.database);

	private final SpringTransactionHook hook = new SpringTransactionHook();

	@BeforeEach
	void createTable() {
		this.jdbc.execute("CREATE TABLE entries (name VARCHAR(50) PRIMARY KEY)");
	}

	@AfterEach
	void shutDown() {
		this.database.shutdown();
	}

	/** Rows of {@code entries} as another client sees them: committed ones only. */
	private List<String> committedEntries() {
		try (Connection connection = this.database.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT name FROM entries ORDER BY name")) {
			List<String> names = new ArrayList<>();
			while (rows.next()) {
				names.add(rows.getString(1));
			}
			return names;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void insert(String name) {
		this.jdbc.update("INSERT INTO entries (name) VALUES (?)", name);
	}

	@Test
	void outsideATransactionTheHookDeclinesAndRunsNothing() {
		AtomicBoolean ran = new AtomicBoolean();
		assertThat(this.hook.runAfterCommit(() -> ran.set(true))).isFalse();
		assertThat(ran).isFalse();
	}

	@Test
	void withSynchronizationButNoActualTransactionTheHookDeclines() {
		TransactionTemplate supports = new TransactionTemplate(this.transactionManager);
		supports.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
		AtomicBoolean ran = new AtomicBoolean();
		Boolean registered = supports.execute((status) -> {
			assertThat(TransactionSynchronizationManager.isSynchronizationActive()).isTrue();
			return this.hook.runAfterCommit(() -> ran.set(true));
		});
		assertThat(registered).isFalse();
		assertThat(ran).isFalse();
	}

	@Test
	void taskRunsAfterTheCommitAndItsWritesOnTheSameDataSourceAreCommitted() {
		List<String> seenByTheTask = new ArrayList<>();
		AtomicBoolean ranInside = new AtomicBoolean(true);
		this.transactions.executeWithoutResult((status) -> {
			insert("first");
			assertThat(this.hook.runAfterCommit(() -> {
				seenByTheTask.addAll(committedEntries());
				ranInside.set(TransactionSynchronizationManager.isActualTransactionActive()
						|| TransactionSynchronizationManager.hasResource(this.database));
				insert("second");
			})).isTrue();
			assertThat(seenByTheTask).as("not yet").isEmpty();
		});

		assertThat(seenByTheTask).as("the caller's write was committed when the task ran").containsExactly("first");
		assertThat(ranInside).as("the task saw no transaction and no bound connection").isFalse();
		assertThat(committedEntries()).as("the task's write is committed, visible to another client")
			.containsExactly("first", "second");
	}

	@Test
	void taskWithATransactionOfItsOwnStartsANewOneInsteadOfJoiningTheFinishedOne() {
		this.transactions.executeWithoutResult((status) -> {
			insert("first");
			this.hook.runAfterCommit(() -> this.transactions.executeWithoutResult((inner) -> {
				assertThat(inner.isNewTransaction()).isTrue();
				insert("second");
			}));
		});
		assertThat(committedEntries()).containsExactly("first", "second");
	}

	@Test
	void outerTransactionStateIsBackAfterTheTaskForTheRestOfTheCompletion() {
		TransactionTemplate named = new TransactionTemplate(this.transactionManager);
		named.setName("outer");
		named.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
		List<String> afterTask = new ArrayList<>();
		AtomicInteger completions = new AtomicInteger();
		named.executeWithoutResult((status) -> {
			ConnectionHolder holder = (ConnectionHolder) TransactionSynchronizationManager.getResource(this.database);
			insert("first");
			this.hook.runAfterCommit(() -> insert("second"));
			// same order as the hook's, registered later: runs after its task
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public int getOrder() {
					return LOWEST_PRECEDENCE;
				}

				@Override
				public void afterCommit() {
					afterTask.add("resource " + (TransactionSynchronizationManager.getResource(
							SpringTransactionHookTests.this.database) == holder));
					afterTask.add("name " + TransactionSynchronizationManager.getCurrentTransactionName());
					afterTask.add("isolation " + TransactionSynchronizationManager.getCurrentTransactionIsolationLevel());
					afterTask.add("readOnly " + TransactionSynchronizationManager.isCurrentTransactionReadOnly());
					afterTask.add("active " + TransactionSynchronizationManager.isActualTransactionActive());
					afterTask.add("synchronization " + TransactionSynchronizationManager.isSynchronizationActive());
				}

				@Override
				public void afterCompletion(int completionStatus) {
					completions.incrementAndGet();
				}

			});
		});

		assertThat(afterTask).containsExactly("resource true", "name outer",
				"isolation " + TransactionDefinition.ISOLATION_SERIALIZABLE, "readOnly false", "active true",
				"synchronization true");
		assertThat(completions).as("afterCompletion still reached the synchronizations").hasValue(1);
		assertThat(TransactionSynchronizationManager.getResourceMap()).as("the manager cleaned up").isEmpty();
		assertThat(TransactionSynchronizationManager.isSynchronizationActive()).isFalse();
		assertThat(committedEntries()).containsExactly("first", "second");
	}

	@Test
	void failingTaskStillLeavesTheTransactionManagerAbleToCleanUp() {
		// it runs in afterCompletion, whose failures Spring logs instead of throwing to the committed caller
		this.transactions.executeWithoutResult((status) -> {
			insert("first");
			this.hook.runAfterCommit(() -> {
				insert("second");
				throw new IllegalStateException("second write failed");
			});
		});

		assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
		assertThat(TransactionSynchronizationManager.isSynchronizationActive()).isFalse();
		assertThat(committedEntries()).containsExactly("first", "second");
		// the thread is clean: a next transaction works as usual
		this.transactions.executeWithoutResult((status) -> insert("third"));
		assertThat(committedEntries()).containsExactly("first", "second", "third");
	}

	@Test
	void afterRollbackTaskRunsInsteadOfTheAfterCommitTaskWhenTheTransactionRollsBack() {
		List<String> ran = new ArrayList<>();
		this.transactions.executeWithoutResult((status) -> {
			insert("first");
			assertThat(this.hook.runAfterCompletion(() -> ran.add("commit"), () -> ran.add("rollback"))).isTrue();
			status.setRollbackOnly();
		});
		assertThat(ran).containsExactly("rollback");

		ran.clear();
		this.transactions.executeWithoutResult((status) -> this.hook.runAfterCompletion(() -> ran.add("commit"),
				() -> ran.add("rollback")));
		assertThat(ran).containsExactly("commit");

		ran.clear();
		assertThat(this.hook.runAfterCompletion(() -> ran.add("commit"), () -> ran.add("rollback"))).isFalse();
		assertThat(ran).as("outside a transaction the caller runs it").isEmpty();
	}

	@Test
	void taskRunsAfterTheCommitEvenWhenAnEarlierAfterCommitCallbackOfTheApplicationThrows() {
		AtomicBoolean ran = new AtomicBoolean();
		AtomicBoolean afterRollback = new AtomicBoolean();
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			// e.g. an event published after the commit, to a broker that is down
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					throw new IllegalStateException("broker is down");
				}

			});
			insert("first");
			this.hook.runAfterCompletion(() -> ran.set(true), () -> afterRollback.set(true));
		})).withMessage("broker is down");

		assertThat(committedEntries()).as("the caller's write is committed").containsExactly("first");
		assertThat(ran).as("so its second write must run (I1)").isTrue();
		assertThat(afterRollback).isFalse();
	}

	@Test
	void nothingRunsWhenTheTransactionRollsBack() {
		AtomicBoolean ran = new AtomicBoolean();
		this.transactions.executeWithoutResult((status) -> {
			insert("first");
			this.hook.runAfterCommit(() -> ran.set(true));
			status.setRollbackOnly();
		});
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			this.hook.runAfterCommit(() -> ran.set(true));
			throw new IllegalStateException("caller failed");
		}));

		assertThat(ran).isFalse();
		assertThat(committedEntries()).isEmpty();
	}

	@Test
	void insideAnInnerRequiresNewTransactionTheTaskWaitsForTheInnerCommitOnly() {
		TransactionTemplate requiresNew = new TransactionTemplate(this.transactionManager);
		requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		List<String> seenByTheTask = new ArrayList<>();
		this.transactions.executeWithoutResult((outer) -> {
			insert("outer");
			requiresNew.executeWithoutResult((inner) -> {
				insert("inner");
				this.hook.runAfterCommit(() -> seenByTheTask.addAll(committedEntries()));
			});
			assertThat(seenByTheTask).as("ran when the inner transaction committed").containsExactly("inner");
		});
		assertThat(committedEntries()).containsExactly("inner", "outer");
	}

}
