package io.github.phasedmigration.core.engine;

import io.github.phasedmigration.core.discrepancy.Discrepancy;

/**
 * Thrown to the caller on a discrepancy when {@code raise-on-discrepancy} is on: meant for tests,
 * like Scientist's raise-on-mismatch, never for production.
 */
public class MigrationDiscrepancyException extends RuntimeException {

	private final transient Discrepancy discrepancy;

	public MigrationDiscrepancyException(Discrepancy discrepancy) {
		super("Migration '" + discrepancy.migration() + "' found a " + discrepancy.category().tag()
				+ " discrepancy in " + discrepancy.method() + " for arguments " + discrepancy.arguments() + ": old "
				+ discrepancy.oldResult() + ", new " + discrepancy.newResult() + ", differences "
				+ discrepancy.differences());
		this.discrepancy = discrepancy;
	}

	/** The discrepancy. */
	public Discrepancy getDiscrepancy() {
		return this.discrepancy;
	}

}
