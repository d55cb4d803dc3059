package io.github.phasedmigration.autoconfigure.transaction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.github.phasedmigration.core.TransactionHook;

/**
 * Runs a second write after the commit of the caller's Spring-managed transaction, never after a
 * rollback (invariant I2), on the caller's thread before the transactional method returns.
 *
 * <p>When {@code afterCompletion} callbacks run, the finished transaction's connections are still bound
 * to the thread, and code that writes through them would write into a transaction that nobody
 * commits any more. So the task runs with every transactional resource and synchronization of the
 * thread set aside, exactly as a {@code REQUIRES_NEW} transaction would set them aside: the second
 * write gets fresh connections (auto-commit, or its own {@code @Transactional}), and everything is
 * put back afterwards for the transaction manager's clean-up.
 */
public class SpringTransactionHook implements TransactionHook {

	private static final Log logger = LogFactory.getLog(SpringTransactionHook.class);

	@Override
	public boolean runAfterCompletion(Runnable afterCommit, Runnable afterRollback) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			return false;
		}
		TransactionSynchronizationManager.registerSynchronization(new AfterCompletion(afterCommit, afterRollback));
		return true;
	}

	/** Runs a task outside every transaction the thread has bound. */
	static void runOutsideTransactions(Runnable task) {
		Map<Object, Object> resources = new LinkedHashMap<>(TransactionSynchronizationManager.getResourceMap());
		resources.keySet().forEach(TransactionSynchronizationManager::unbindResource);
		boolean synchronizationActive = TransactionSynchronizationManager.isSynchronizationActive();
		List<TransactionSynchronization> synchronizations = synchronizationActive
				? TransactionSynchronizationManager.getSynchronizations() : List.of();
		if (synchronizationActive) {
			TransactionSynchronizationManager.clearSynchronization();
		}
		String name = TransactionSynchronizationManager.getCurrentTransactionName();
		boolean readOnly = TransactionSynchronizationManager.isCurrentTransactionReadOnly();
		Integer isolation = TransactionSynchronizationManager.getCurrentTransactionIsolationLevel();
		boolean active = TransactionSynchronizationManager.isActualTransactionActive();
		TransactionSynchronizationManager.setCurrentTransactionName(null);
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
		TransactionSynchronizationManager.setCurrentTransactionIsolationLevel(null);
		TransactionSynchronizationManager.setActualTransactionActive(false);
		try {
			task.run();
		}
		finally {
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.clearSynchronization();
			}
			if (synchronizationActive) {
				TransactionSynchronizationManager.initSynchronization();
				synchronizations.forEach(TransactionSynchronizationManager::registerSynchronization);
			}
			resources.forEach((key, value) -> {
				if (!TransactionSynchronizationManager.hasResource(key)) {
					TransactionSynchronizationManager.bindResource(key, value);
				}
			});
			TransactionSynchronizationManager.setCurrentTransactionName(name);
			TransactionSynchronizationManager.setCurrentTransactionReadOnly(readOnly);
			TransactionSynchronizationManager.setCurrentTransactionIsolationLevel(isolation);
			TransactionSynchronizationManager.setActualTransactionActive(active);
		}
	}

	private static final class AfterCompletion implements TransactionSynchronization {

		private final Runnable afterCommit;

		private final Runnable afterRollback;

		AfterCompletion(Runnable afterCommit, Runnable afterRollback) {
			this.afterCommit = afterCommit;
			this.afterRollback = afterRollback;
		}

		@Override
		public int getOrder() {
			// after the application's own after-commit callbacks: the authoritative side is fully done
			return Ordered.LOWEST_PRECEDENCE;
		}

		// afterCompletion, not afterCommit: Spring stops calling afterCommit callbacks after one throws,
		// but calls every afterCompletion, so an application's failing callback cannot lose this write
		@Override
		public void afterCompletion(int status) {
			if (status == STATUS_COMMITTED) {
				runOutsideTransactions(this.afterCommit);
				return;
			}
			if (status == STATUS_UNKNOWN) {
				logger.error("A transaction with a migrated write ended in an unknown state (heuristic completion or "
						+ "a lost connection during commit): its second write is skipped, as after a rollback; if the "
						+ "authoritative write did commit, the two stores differ until the verify-and-repair pass");
			}
			this.afterRollback.run();
		}

	}

}
