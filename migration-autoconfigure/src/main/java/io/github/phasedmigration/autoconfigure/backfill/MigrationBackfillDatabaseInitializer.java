package io.github.phasedmigration.autoconfigure.backfill;

import javax.sql.DataSource;

import org.springframework.boot.sql.init.DatabaseInitializationMode;

import io.github.phasedmigration.autoconfigure.journal.MigrationTableInitializer;
import io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore;

/** Creates the backfills' checkpoint table when it is missing, under the journal's rule. */
public class MigrationBackfillDatabaseInitializer extends MigrationTableInitializer {

	public MigrationBackfillDatabaseInitializer(DataSource dataSource, DatabaseInitializationMode mode) {
		super(dataSource, mode, "backfill checkpoint", JdbcCheckpointStore::schemaLocation);
	}

}
