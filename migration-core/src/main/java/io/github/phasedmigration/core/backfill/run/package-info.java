/**
 * The backfill's run: Backfills starts, pauses, resumes and takes over the runs of all
 * migrations; a BackfillRun copies one migration's history in key order, paced and checkpointed.
 */
@NullMarked
package io.github.phasedmigration.core.backfill.run;

import org.jspecify.annotations.NullMarked;
