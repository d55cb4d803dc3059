package io.github.phasedmigration.core.switching;

import io.github.phasedmigration.core.rollout.Rollout;

/**
 * A switch judged on one rollout found another when it came to apply (an automatic rollback or
 * another request changed it in between): nothing changed, and the request may be sent again.
 */
public class ConcurrentSwitchException extends RuntimeException {

	public ConcurrentSwitchException(String migration, Rollout expected, Rollout found) {
		super("Migration '" + migration + "' changed from " + expected + " to " + found
				+ " while the switch was judged; nothing was changed: look at its history and send the request again");
	}

}
