/**
 * Backfill, verify and repair: history copied from old to new in key order and resumable batches,
 * then both stores compared by key range, and what differs repaired. The dual writes only cover
 * what is written while they run; this covers the rest. This package holds what applications
 * implement and read (the {@link Backfill} SPI, checkpoints, settings, statuses and verify
 * reports); {@code backfill.run} runs the copies, {@code backfill.verify} the verifies and repairs.
 */
@NullMarked
package io.github.phasedmigration.core.backfill;

import org.jspecify.annotations.NullMarked;
