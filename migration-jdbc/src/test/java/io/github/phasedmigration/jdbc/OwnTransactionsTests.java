package io.github.phasedmigration.jdbc;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.TransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link OwnTransactions} asks for; the journal's and the checkpoint store's tests show on the
 * real databases that a write commits whatever the caller's transaction does.
 */
class OwnTransactionsTests {

	private final OwnTransactions transactions = new OwnTransactions(
			new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()));

	@Test
	void writesRunInATransactionOfTheirOwnReadCommittedWhereTheTypeAsks() {
		for (DatabaseType type : DatabaseType.values()) {
			assertThat(this.transactions.writes(type).getPropagationBehavior())
				.isEqualTo(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
			assertThat(this.transactions.writes(type).getIsolationLevel())
				.isEqualTo(type.readCommittedWrites() ? TransactionDefinition.ISOLATION_READ_COMMITTED
						: TransactionDefinition.ISOLATION_DEFAULT);
		}
	}

	@Test
	void readsRunOutsideOfAnyTransaction() {
		assertThat(this.transactions.reads().getPropagationBehavior())
			.isEqualTo(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
	}

}
