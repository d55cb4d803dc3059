package io.github.phasedmigration.autoconfigure.journal;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.autoconfigure.MigrationDefinitionException;
import io.github.phasedmigration.autoconfigure.MigrationRunners;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Customer;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.CustomerLog;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.CustomerStoresConfiguration;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.DrawingsConfiguration;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.FailingJournal;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Ledger;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.OldCustomerStore;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.OldOrders;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.OldPayments;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.OrdersAndAuditConfiguration;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Payment;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.PaymentsConfiguration;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.Write;
import io.github.phasedmigration.autoconfigure.journal.JournalFixtures.WriteLog;
import io.github.phasedmigration.autoconfigure.replay.ReconcilerLifecycle;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.reconciliation.Reconciler;

import static io.github.phasedmigration.autoconfigure.MigrationRunners.causeOfType;
import static io.github.phasedmigration.autoconfigure.MigrationRunners.eventually;
import static io.github.phasedmigration.autoconfigure.journal.JournalFixtures.journalRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Writes of an application with an H2 {@code DataSource}: a second write that fails lands in the
 * JDBC journal with its method, key and JSON arguments, and the reconciler replays it; inside a
 * transaction the second write waits for the commit (or joins, when asked); declarations the
 * journal cannot work with fail start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class JournaledWritesIntegrationTests {

	private static final String SHADOW = "migration.instances.payments.mode=SHADOW";

	private static final String NO_RECONCILER = "migration.journal.reconciler.enabled=false";

	/** Polls often, retries soon, and never parks while a test waits for a side to recover. */
	private static final String[] QUICK_RECONCILER = { "migration.journal.reconciler.poll-interval=20ms",
			"migration.journal.reconciler.initial-backoff=10ms", "migration.journal.reconciler.max-backoff=50ms",
			"migration.journal.reconciler.max-attempts=100000" };

	private final ApplicationContextRunner runner = JournalFixtures.runner()
		.withUserConfiguration(PaymentsConfiguration.class);

	private static List<Map<String, Object>> journal(AssertableApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class))
			.queryForList("SELECT * FROM migration_journal ORDER BY id");
	}

	private static TransactionTemplate transactions(AssertableApplicationContext context) {
		return new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
	}

	// ---- the journal entry

	@Test
	void failedSecondWriteLandsInTheJdbcJournalWithMethodKeyAndJsonArguments() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER, "migration.instances.payments.key=#payment.orderId")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				ledger.down("new");

				context.getBean(OldPayments.class).record(new Payment("A-1", 100));

				assertThat(ledger.committed("old", "A-1")).as("the caller's write").isEqualTo(100);
				assertThat(ledger.committed("new", "A-1")).isNull();
				assertThat(journal(context)).singleElement().satisfies((row) -> {
					assertThat(row).containsEntry("MIGRATION", JournalFixtures.PAYMENTS)
						.containsEntry("IMPL", "new")
						.containsEntry("METHOD", OldPayments.class.getName() + "#record(" + Payment.class.getName() + ")")
						.containsEntry("ENTITY_KEY", "A-1")
						.containsEntry("CAUSE", "failed")
						.containsEntry("STATUS", "PENDING");
					assertThat((String) row.get("LAST_ERROR")).contains("new store is down");
					JsonMapper mapper = context.getBean(JsonMapper.class);
					assertThat(mapper.readTree((String) row.get("ARGUMENTS")))
						.isEqualTo(mapper.readTree("[{\"orderId\":\"A-1\",\"cents\":100}]"));
				});
			});
	}

	@Test
	void keyOfTheAnnotationWinsOverTheKeyOfTheMigration() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER, "migration.instances.payments.key=#payment.orderId")
			.run((context) -> {
				assertThat(context).as("the migration's key names no parameter of refund: the annotation's applies")
					.hasNotFailed();
				context.getBean(Ledger.class).down("new");

				context.getBean(OldPayments.class).refund("B-2", 30);

				assertThat(journal(context)).singleElement().satisfies((row) -> {
					assertThat(row).containsEntry("ENTITY_KEY", "B-2");
					assertThat((String) row.get("METHOD")).endsWith("#refund(java.lang.String,long)");
					assertThat((String) row.get("ARGUMENTS")).isEqualTo("[\"B-2\",30]");
				});
			});
	}

	@Test
	void withoutAKeyTheEntryHasNone() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER).run((context) -> {
			context.getBean(Ledger.class).down("new");
			context.getBean(OldPayments.class).record(new Payment("A-1", 100));
			assertThat(journal(context)).singleElement().satisfies((row) -> assertThat(row.get("ENTITY_KEY")).isNull());
		});
	}

	// ---- the replay

	@Test
	void reconcilerReplaysTheEntryOnNewOnceItRecovers() {
		this.runner.withPropertyValues(SHADOW, "migration.instances.payments.key=#payment.orderId")
			.withPropertyValues(QUICK_RECONCILER)
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				DataSource dataSource = context.getBean(DataSource.class);
				ledger.down("new");
				context.getBean(OldPayments.class).record(new Payment("A-1", 100));
				assertThat(journalRows(dataSource)).isOne();

				ledger.up("new");

				eventually().until(() -> journalRows(dataSource) == 0);
				assertThat(ledger.committed("new", "A-1")).isEqualTo(100);
				assertThat(ledger.writes("new")).last().satisfies((write) -> {
					assertThat(write.replay()).isTrue();
					assertThat(write.thread()).startsWith("migration-replay-");
				});
				assertThat(ledger.writes("old")).as("a replay of new never writes old again").hasSize(1);
			});
	}

	@Test
	void laterWritesOfAKeyQueueBehindAFailedOneAndAreReplayedInOrder() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER, "migration.instances.payments.key=#payment.orderId")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				OldPayments payments = context.getBean(OldPayments.class);
				ledger.down("new");
				payments.record(new Payment("A-1", 100));
				ledger.up("new");

				payments.record(new Payment("A-1", 200));
				payments.record(new Payment("B-2", 5));

				assertThat(ledger.writes("new")).as("A-1 queued behind its journaled write; B-2 written at once")
					.extracting(Write::orderId, Write::cents)
					.containsExactly(tuple("A-1", 100L),
							tuple("B-2", 5L));
				assertThat(journal(context)).extracting((row) -> row.get("CAUSE"))
					.containsExactly("failed", "queued");

				Reconciler reconciler = context.getBean(Reconciler.class);
				while (reconciler.runOnce().claimed() > 0) {
					// one entry of the key per batch: the queued one becomes claimable once the first is gone
				}

				assertThat(journal(context)).isEmpty();
				assertThat(ledger.committed("new", "A-1")).as("the later write of the key wins").isEqualTo(200);
				assertThat(ledger.writes("new")).extracting(Write::orderId, Write::cents)
					.endsWith(tuple("A-1", 100L),
							tuple("A-1", 200L));
			});
	}

	@Test
	void failedOldWriteInReverseShadowIsReplayedThroughOldsProxyWithoutCallingNewAgain() {
		this.runner.withPropertyValues("migration.instances.payments.mode=REVERSE_SHADOW", NO_RECONCILER)
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				ledger.down("old");

				context.getBean(OldPayments.class).record(new Payment("C-3", 70));

				assertThat(ledger.committed("new", "C-3")).as("new is authoritative").isEqualTo(70);
				assertThat(ledger.committed("old", "C-3")).isNull();
				assertThat(journal(context)).singleElement().satisfies((row) -> assertThat(row).containsEntry("IMPL", "old"));

				ledger.up("old");
				assertThat(context.getBean(Reconciler.class).runOnce().replayed()).isOne();

				assertThat(journal(context)).isEmpty();
				assertThat(ledger.committed("old", "C-3")).isEqualTo(70);
				assertThat(ledger.writes("new")).as("the replay did not start a dual write").hasSize(1);
				assertThat(ledger.writes("old")).last().satisfies((write) -> {
					assertThat(write.replay()).isTrue();
					assertThat(write.inTransaction()).as("old's @Transactional applied: called through its proxy")
						.isTrue();
				});
			});
	}

	@Test
	void replayOfANewWriteThatCallsAnotherMigratedWriteKeepsThatOnesDualWrite() {
		JournalFixtures.runner()
			.withUserConfiguration(OrdersAndAuditConfiguration.class)
			.withPropertyValues("migration.instances.orders.mode=SHADOW", "migration.instances.audit.mode=SHADOW",
					NO_RECONCILER)
			.run((context) -> {
				WriteLog log = context.getBean(WriteLog.class);
				OldOrders orders = context.getBean(OldOrders.class);
				orders.place("o-1");
				assertThat(log.writes()).as("a direct call: both migrations write both sides")
					.containsExactly("old orders o-1", "new orders o-1", "old audit placed o-1",
							"new audit placed o-1");

				log.newOrdersDown(true);
				orders.place("o-2");
				log.newOrdersDown(false);
				Reconciler reconciler = context.getBean(Reconciler.class);
				assertThat(reconciler.runOnce().replayed()).isOne();
				while (reconciler.runOnce().claimed() > 0) {
					// whatever the replay journaled in its turn
				}

				assertThat(log.writes()).as("the replay of new orders audits as the direct call did (I1 for audit)")
					.contains("new orders o-2", "old audit placed o-2", "new audit placed o-2");
			});
	}

	@Test
	void reconcilerReplaysAgainAfterTheContextIsStoppedAndStarted() {
		this.runner.withPropertyValues(SHADOW).withPropertyValues(QUICK_RECONCILER).run((context) -> {
			ReconcilerLifecycle lifecycle = context.getBean(ReconcilerLifecycle.class);
			assertThat(lifecycle.isRunning()).isTrue();
			context.stop();
			assertThat(lifecycle.isRunning()).isFalse();

			context.start();

			assertThat(lifecycle.isRunning()).isTrue();
			Ledger ledger = context.getBean(Ledger.class);
			ledger.down("new");
			context.getBean(OldPayments.class).record(new Payment("S-1", 10));
			ledger.up("new");
			eventually().until(() -> journalRows(context.getBean(DataSource.class)) == 0);
			assertThat(ledger.committed("new", "S-1")).isEqualTo(10);
		});
	}

	@Test
	void journalThatCannotTakeTheFailedWriteLeavesTheCallerSucceedingAndLogsItAtError(CapturedOutput output) {
		this.runner.withBean(FailingJournal.class).withPropertyValues(SHADOW, NO_RECONCILER).run((context) -> {
			context.getBean(FailingJournal.class).failAppends(true);
			Ledger ledger = context.getBean(Ledger.class);
			ledger.down("new");

			context.getBean(OldPayments.class).record(new Payment("M-13", 130));

			assertThat(ledger.committed("old", "M-13")).isEqualTo(130);
			assertThat(context.getBean(MigrationEngine.class).journalFailures().count()).isOne();
		});
		assertThat(output).contains("ERROR").contains("NOT reconciled").contains("M-13");
	}

	// ---- transactions

	@Test
	void insideATransactionTheSecondWriteRunsOnlyAfterTheCommitOutsideIt() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			OldPayments payments = context.getBean(OldPayments.class);

			transactions(context).executeWithoutResult((status) -> {
				payments.record(new Payment("D-4", 40));
				assertThat(ledger.writes("new")).as("not before the commit").isEmpty();
			});

			assertThat(ledger.writes("new")).singleElement().satisfies((write) -> {
				assertThat(write.oldCommitted()).as("old's write was committed when new's ran").isEqualTo(40);
				assertThat(write.inTransaction()).as("outside the finished transaction").isFalse();
			});
			assertThat(ledger.committed("new", "D-4")).as("new's write is committed too").isEqualTo(40);
		});
	}

	@Test
	void transactionThatRollsBackNeverCausesASecondWrite() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			OldPayments payments = context.getBean(OldPayments.class);

			transactions(context).executeWithoutResult((status) -> {
				payments.record(new Payment("E-5", 50));
				status.setRollbackOnly();
			});
			assertThatIllegalStateException().isThrownBy(() -> transactions(context).executeWithoutResult((status) -> {
				payments.record(new Payment("F-6", 60));
				throw new IllegalStateException("caller failed after the write");
			}));

			assertThat(ledger.writes("old")).hasSize(2);
			assertThat(ledger.writes("new")).isEmpty();
			assertThat(ledger.committed("old", "E-5")).isNull();
			assertThat(ledger.committed("new", "E-5")).isNull();
			assertThat(journal(context)).as("nothing to replay either").isEmpty();
		});
	}

	@Test
	void joinedTransactionRunsTheSecondWriteInsideItAndRollsItBackWithIt() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER, "migration.instances.payments.join-transaction=true")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				OldPayments payments = context.getBean(OldPayments.class);

				transactions(context).executeWithoutResult((status) -> {
					payments.record(new Payment("G-7", 70));
					assertThat(ledger.writes("new")).as("inside the transaction").singleElement().satisfies((write) -> {
						assertThat(write.inTransaction()).isTrue();
						assertThat(write.oldCommitted()).as("old's write not committed yet").isNull();
					});
				});
				assertThat(ledger.committed("new", "G-7")).isEqualTo(70);

				transactions(context).executeWithoutResult((status) -> {
					payments.record(new Payment("H-8", 80));
					status.setRollbackOnly();
				});
				assertThat(ledger.writes("new")).hasSize(2);
				assertThat(ledger.committed("old", "H-8")).isNull();
				assertThat(ledger.committed("new", "H-8")).as("atomic with old's write").isNull();
			});
	}

	@Test
	void joinedSecondWriteThatFailsIsJournaledOnlyWhenTheTransactionCommits() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER, "migration.instances.payments.join-transaction=true")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				OldPayments payments = context.getBean(OldPayments.class);
				ledger.down("new");

				transactions(context).executeWithoutResult((status) -> {
					payments.record(new Payment("I-9", 90));
					status.setRollbackOnly();
				});
				assertThat(journal(context)).as("rolled back: nothing to replay").isEmpty();

				transactions(context).executeWithoutResult((status) -> {
					payments.record(new Payment("J-10", 100));
					assertThat(journal(context)).as("not before the commit").isEmpty();
				});
				assertThat(journal(context)).singleElement()
					.satisfies((row) -> assertThat((String) row.get("ARGUMENTS")).contains("J-10"));
			});
	}

	@Test
	void secondWriteThatFailsAfterTheCommitIsJournaled() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.down("new");

			transactions(context).executeWithoutResult((status) -> {
				context.getBean(OldPayments.class).record(new Payment("L-12", 120));
				assertThat(journal(context)).isEmpty();
			});

			assertThat(ledger.committed("old", "L-12")).isEqualTo(120);
			assertThat(journal(context)).singleElement()
				.satisfies((row) -> assertThat((String) row.get("ARGUMENTS")).contains("L-12"));
		});
	}

	@Test
	void joinedWriteQueuedBehindItsKeyIsNotJournaledWhenTheTransactionRollsBack() {
		this.runner
			.withPropertyValues(SHADOW, NO_RECONCILER, "migration.instances.payments.join-transaction=true",
					"migration.instances.payments.key=#payment.orderId")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				OldPayments payments = context.getBean(OldPayments.class);
				ledger.down("new");
				transactions(context).executeWithoutResult((status) -> payments.record(new Payment("Q-1", 100)));
				assertThat(journal(context)).hasSize(1);

				transactions(context).executeWithoutResult((status) -> {
					payments.record(new Payment("Q-1", 200));
					status.setRollbackOnly();
				});

				assertThat(ledger.committed("old", "Q-1")).as("the update rolled back").isEqualTo(100);
				assertThat(journal(context)).as("I2: no entry for a write that rolled back")
					.singleElement()
					.satisfies((row) -> assertThat(row).containsEntry("CAUSE", "failed"));
			});
	}

	@Test
	void asynchronousWriteInsideATransactionThatRollsBackNeverCausesASecondWrite() {
		this.runner.withPropertyValues(SHADOW, NO_RECONCILER).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			OldPayments payments = context.getBean(OldPayments.class);

			transactions(context).executeWithoutResult((status) -> {
				payments.recordAsync(new Payment("K-11", 110)).join();
				status.setRollbackOnly();
			});

			assertThat(ledger.committed("old", "K-11")).isNull();
			assertThat(ledger.writes("new")).as("I2: no second write for a write that rolled back").isEmpty();
			assertThat(ledger.committed("new", "K-11")).isNull();
		});
	}

	// ---- declarations the journal cannot work with

	@Test
	void writeMethodWithAParameterTypeJacksonCannotReadBackFailsStartUpNamingMethodAndType() {
		JournalFixtures.runner().withUserConfiguration(DrawingsConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			MigrationDefinitionException failure = causeOfType(context.getStartupFailure(),
					MigrationDefinitionException.class);
			assertThat(failure).hasMessageContaining("OldDrawings.draw(Shape)")
				.hasMessageContaining("reconciliation journal")
				.hasMessageContaining("Jackson cannot read back")
				.hasMessageContaining("JournalFixtures$Shape");
		});
	}

	@Test
	void sameDeclarationStartsWithTheInMemoryJournalWhichNeedsNoJson() {
		MigrationRunners.runner().withUserConfiguration(DrawingsConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
		});
	}

	@Test
	void keyOfTheMigrationNamingAMissingParameterFailsStartUpNamingTheMethod() {
		this.runner.withPropertyValues("migration.instances.payments.key=#paymnet.orderId").run((context) -> {
			assertThat(context).hasFailed();
			MigrationDefinitionException failure = causeOfType(context.getStartupFailure(),
					MigrationDefinitionException.class);
			assertThat(failure).hasMessageContaining("OldPayments.record(Payment)")
				.hasMessageContaining("migration.instances.payments.key")
				.hasMessageContaining("#paymnet")
				.hasMessageContaining("#payment");
			assertThat(MigrationRunners.analyze(context.getStartupFailure())).isNotNull()
				.satisfies((analysis) -> assertThat(analysis.getDescription()).contains("OldPayments.record(Payment)"));
		});
	}

	@Test
	void keyNamingAPropertyTheParameterDoesNotHaveFailsStartUpNamingTheMethod() {
		this.runner.withPropertyValues("migration.instances.payments.key=#payment.customerId").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(causeOfType(context.getStartupFailure(), MigrationDefinitionException.class))
				.hasMessageContaining("OldPayments.record(Payment)")
				.hasMessageContaining("customerId");
		});
	}

	// ---- a write method inherited from a generic superclass (the codec and the key see its type argument)

	@Test
	void writeMethodOfAGenericSuperclassIsJournaledAsItsTypeArgument() {
		JournalFixtures.runner()
			.withUserConfiguration(CustomerStoresConfiguration.class)
			.withPropertyValues("migration.instances.customers.mode=SHADOW", NO_RECONCILER)
			.run((context) -> {
				assertThat(context).as("Store<Customer>.save(T) reads a Customer back").hasNotFailed();
				CustomerLog log = context.getBean(CustomerLog.class);
				log.newDown(true);
				context.getBean(OldCustomerStore.class).save(new Customer("c-1", "Ann"));
				log.newDown(false);

				assertThat(context.getBean(Reconciler.class).runOnce().replayed()).isOne();
				assertThat(log.saved()).containsExactly("old:Customer[id=c-1, name=Ann]",
						"new:Customer[id=c-1, name=Ann]");
			});
	}

	@Test
	void keyOverAParameterOfAGenericSuperclassResolvesAgainstItsTypeArgument() {
		MigrationRunners.runner()
			.withUserConfiguration(CustomerStoresConfiguration.class)
			.withPropertyValues("migration.instances.customers.mode=SHADOW", "migration.instances.customers.key=#entity.id")
			.run((context) -> assertThat(context).as("#entity.id of a Store<Customer>").hasNotFailed());
	}

}
