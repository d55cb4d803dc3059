package io.github.phasedmigration.autoconfigure.journal;

import javax.sql.DataSource;

import org.springframework.boot.sql.init.DatabaseInitializationMode;

import io.github.phasedmigration.journal.jdbc.JdbcWriteJournal;

/** Creates the journal table when it is missing (see {@link MigrationTableInitializer}). */
public class MigrationJournalDatabaseInitializer extends MigrationTableInitializer {

	public MigrationJournalDatabaseInitializer(DataSource dataSource, DatabaseInitializationMode mode) {
		super(dataSource, mode, "journal", JdbcWriteJournal::schemaLocation);
	}

}
