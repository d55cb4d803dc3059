package io.github.phasedmigration.journal.jdbc;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a journal write's own transaction again when the database chose it as the victim of a
 * deadlock or a serialization failure (SQLState {@code 40001}, or PostgreSQL's {@code 40P01}): the
 * database rolled it back whole and asks for it to be restarted. Claimers and settlers of
 * neighbouring rows deadlock now and then on MariaDB and MySQL, whose locks cover gaps between
 * index entries. A lock wait timeout is not retried: waiting that long again would only make a
 * caller wait longer.
 */
final class DeadlockRetries {

	private static final Logger logger = LoggerFactory.getLogger(DeadlockRetries.class);

	/** Attempts in all, the first included. */
	static final int ATTEMPTS = 3;

	private DeadlockRetries() {
	}

	/**
	 * Runs the work in the template's transaction, again (up to {@value #ATTEMPTS} attempts in all)
	 * when the database rolled it back as a deadlock's victim.
	 * @param transaction a template that opens a transaction of its own ({@code REQUIRES_NEW}), so that
	 * a rollback takes back the whole attempt and nothing of the caller's
	 * @param work the statements; run again from the start on a retry
	 * @return what the work returned
	 */
	static <T> @Nullable T execute(TransactionTemplate transaction, TransactionCallback<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return transaction.execute(work);
			}
			catch (DataAccessException ex) {
				if (attempt >= ATTEMPTS || !isDeadlockVictim(ex)) {
					throw ex;
				}
				logger.debug("Journal transaction chosen as a deadlock's victim (attempt {} of {}); running it again",
						attempt, ATTEMPTS, ex);
			}
		}
	}

	static boolean isDeadlockVictim(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState())
					|| "40P01".equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

}
