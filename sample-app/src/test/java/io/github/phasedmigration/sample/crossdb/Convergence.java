package io.github.phasedmigration.sample.crossdb;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The end of every fault test: old and new agree, and the journal holds nothing. */
final class Convergence {

	private Convergence() {
	}

	/**
	 * Waits until the journal is empty and old and new hold the same unpaid orders; then checks
	 * once more that nothing was parked on the way.
	 */
	static void reached(CrossDatabases databases) {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(databases.journalEntries("PARKED")).as("parked journal entries").isZero();
			assertThat(databases.journalEntries()).as("journal entries left").isZero();
			CrossDatabases.Difference difference = databases.difference();
			assertThat(difference.none()).as("old and new differ: %s", difference).isTrue();
		});
		assertThat(databases.oldPending()).isEqualTo(databases.newPending()).isNotEmpty();
	}

}
