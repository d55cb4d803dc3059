package io.github.phasedmigration.smoke.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Waits for what a secondary does on its own thread: its call, the comparison, the meters. */
public final class Eventually {

	private Eventually() {
	}

	public static ConditionFactory eventually() {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20));
	}

}
