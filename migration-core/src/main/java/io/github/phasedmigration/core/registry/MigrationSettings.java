package io.github.phasedmigration.core.registry;

import java.time.Duration;
import java.util.Objects;

import io.github.phasedmigration.core.InvalidSettingException;
import io.github.phasedmigration.core.compare.ResultComparator;

/**
 * Per-migration behaviour that configuration may change at runtime.
 *
 * @param timeout how long a secondary read may take, counted from its submission, and how long
 * a REVERSE_SHADOW fallback waits for old
 * @param fallback whether REVERSE_SHADOW serves old's result when new throws
 * @param exceptionMessagesMatter whether two exceptions of the same type must also have the same
 * message to match
 * @param compareWriteResults whether the results of two successful writes are compared
 * @param raiseOnDiscrepancy whether a discrepancy is thrown to the caller (for tests only)
 * @param comparator compares two results
 * @param joinTransaction whether a write's second write runs inside the caller's transaction
 * (atomic when both sides use the same database) instead of after its commit
 */
public record MigrationSettings(Duration timeout, boolean fallback, boolean exceptionMessagesMatter,
		boolean compareWriteResults, boolean raiseOnDiscrepancy, ResultComparator comparator,
		boolean joinTransaction) {

	public MigrationSettings {
		Objects.requireNonNull(timeout, "timeout");
		Objects.requireNonNull(comparator, "comparator");
		InvalidSettingException.requirePositive("timeout", timeout, "500ms");
	}

	/** Settings whose second writes wait for the caller's commit. */
	public MigrationSettings(Duration timeout, boolean fallback, boolean exceptionMessagesMatter,
			boolean compareWriteResults, boolean raiseOnDiscrepancy, ResultComparator comparator) {
		this(timeout, fallback, exceptionMessagesMatter, compareWriteResults, raiseOnDiscrepancy, comparator, false);
	}

	/** A copy with another comparator. */
	public MigrationSettings withComparator(ResultComparator comparator) {
		return new MigrationSettings(this.timeout, this.fallback, this.exceptionMessagesMatter,
				this.compareWriteResults, this.raiseOnDiscrepancy, comparator, this.joinTransaction);
	}

	/** A copy that joins the caller's transaction, or not. */
	public MigrationSettings withJoinTransaction(boolean joinTransaction) {
		return new MigrationSettings(this.timeout, this.fallback, this.exceptionMessagesMatter,
				this.compareWriteResults, this.raiseOnDiscrepancy, this.comparator, joinTransaction);
	}

}
