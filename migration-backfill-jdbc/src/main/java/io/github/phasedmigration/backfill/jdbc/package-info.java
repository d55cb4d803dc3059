/**
 * Backfill on JDBC: {@link io.github.phasedmigration.backfill.jdbc.JdbcCheckpointStore}, the
 * checkpoints and their lease in the table {@code migration_backfill} that every instance shares,
 * and {@link io.github.phasedmigration.backfill.jdbc.JdbcBackfillTable}, a table (or a query) read
 * in key order and written in JDBC batches.
 */
@NullMarked
package io.github.phasedmigration.backfill.jdbc;

import org.jspecify.annotations.NullMarked;
