package io.github.phasedmigration.jdbc;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactions that a module runs of its own on a {@code DataSource}, whatever transaction
 * the caller has open on it: writes in a new transaction that commits whatever happens to the
 * caller's, reads outside of any. A write in a new transaction takes a second connection while
 * the caller holds one.
 *
 * <pre class="code">
 * OwnTransactions transactions = new OwnTransactions(dataSource);
 * transactions.writes(type).execute((status) -&gt; jdbc.sql(update).update());
 * </pre>
 */
public final class OwnTransactions {

	private final TransactionTemplate writes;

	private final TransactionTemplate readCommittedWrites;

	private final TransactionTemplate reads;

	/**
	 * Transactions on a {@link DataSourceTransactionManager} of their own.
	 * @param dataSource the database
	 */
	public OwnTransactions(DataSource dataSource) {
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
		this.writes = new TransactionTemplate(transactionManager);
		this.writes.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.readCommittedWrites = new TransactionTemplate(transactionManager);
		this.readCommittedWrites.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.readCommittedWrites.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		// reads stay out of the caller's transaction too: on PostgreSQL a failed statement dooms
		// it, and every later statement of it fails until the rollback
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
	}

	/**
	 * Writes in a transaction of their own ({@code REQUIRES_NEW}), READ COMMITTED where the
	 * database type {@link DatabaseType#readCommittedWrites() asks for it}.
	 * @param type the database's type
	 */
	public TransactionTemplate writes(DatabaseType type) {
		return type.readCommittedWrites() ? this.readCommittedWrites : this.writes;
	}

	/** Reads outside of the caller's transaction ({@code NOT_SUPPORTED}). */
	public TransactionTemplate reads() {
		return this.reads;
	}

}
