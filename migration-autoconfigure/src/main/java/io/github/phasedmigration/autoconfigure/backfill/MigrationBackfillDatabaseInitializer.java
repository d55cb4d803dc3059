package io.github.phasedmigration.autoconfigure.backfill;

import javax.sql.DataSource;

import io.github.phasedmigration.autoconfigure.MigrationProperties.Journal.SchemaInitialization;
import io.github.phasedmigration.autoconfigure.journal.MigrationTableInitializer;
import io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore;

/** Creates the backfills' checkpoint table when it is missing, under the journal's rule. */
public class MigrationBackfillDatabaseInitializer extends MigrationTableInitializer {

	public MigrationBackfillDatabaseInitializer(DataSource dataSource, SchemaInitialization mode) {
		super(dataSource, mode, "backfill checkpoint", JdbcCheckpointStore::schemaLocation);
	}

}
