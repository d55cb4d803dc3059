/**
 * Backfill, verify and repair in a Spring application: the checkpoints' table next to the journal,
 * the {@link io.github.phasedmigration.core.backfill.run.Backfills} of the application's
 * {@link io.github.phasedmigration.core.backfill.Backfill} beans, and their sections of the
 * {@code migrations} endpoint.
 */
@NullMarked
package io.github.phasedmigration.autoconfigure.backfill;

import org.jspecify.annotations.NullMarked;
