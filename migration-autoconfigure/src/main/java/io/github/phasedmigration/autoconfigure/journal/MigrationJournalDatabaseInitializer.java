package io.github.phasedmigration.autoconfigure.journal;

import javax.sql.DataSource;

import io.github.phasedmigration.autoconfigure.MigrationProperties.Journal.SchemaInitialization;
import io.github.phasedmigration.journal.jdbc.JdbcWriteJournal;

/** Creates the journal table when it is missing (see {@link MigrationTableInitializer}). */
public class MigrationJournalDatabaseInitializer extends MigrationTableInitializer {

	public MigrationJournalDatabaseInitializer(DataSource dataSource, SchemaInitialization mode) {
		super(dataSource, mode, "journal", JdbcWriteJournal::schemaLocation);
	}

}
