package io.github.phasedmigration.core.switching;

import io.github.phasedmigration.core.criteria.Readiness;

/** A step forward to a mode whose success criteria the window does not meet, asked without force. */
public class NotReadyException extends RuntimeException {

	private final transient Readiness readiness;

	public NotReadyException(String migration, Readiness readiness) {
		super("Migration '" + migration + "' is not ready for " + readiness.target() + ": " + readiness.describeUnmet()
				+ ". Wait for the window to pass, or send \"force\": true to switch anyway (recorded as forced)");
		this.readiness = readiness;
	}

	/** The readiness that was not met. */
	public Readiness readiness() {
		return this.readiness;
	}

}
