/**
 * A durable {@link io.github.phasedmigration.core.journal.WriteJournal} on JDBC: the table
 * {@code migration_journal}, shared by every instance of the application, claimed with leases.
 */
@NullMarked
package io.github.phasedmigration.journal.jdbc;

import org.jspecify.annotations.NullMarked;
