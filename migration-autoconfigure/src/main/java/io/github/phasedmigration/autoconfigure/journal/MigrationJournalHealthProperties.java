package io.github.phasedmigration.autoconfigure.journal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the {@code migrationJournal} health indicator reports, under
 * {@code migration.journal.health}. A class of its own: the indicator also reports an in-memory
 * journal, in applications without the JDBC modules that {@link MigrationJournalProperties} needs.
 */
@ConfigurationProperties("migration.journal.health")
public class MigrationJournalHealthProperties {

	/**
	 * Whether a failed append to the journal (a second write that is not reconciled) turns the
	 * indicator DOWN until the application restarts. Off: it stays UP and shows the failures in its
	 * details.
	 */
	private boolean downOnWriteFailure = false;

	public boolean isDownOnWriteFailure() {
		return this.downOnWriteFailure;
	}

	public void setDownOnWriteFailure(boolean downOnWriteFailure) {
		this.downOnWriteFailure = downOnWriteFailure;
	}

}
