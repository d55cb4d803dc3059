/**
 * The reconciliation journal: second writes that failed (or had to queue behind a failed one of
 * the same key) are appended to a {@link io.github.phasedmigration.core.journal.WriteJournal} and
 * replayed by the {@link io.github.phasedmigration.core.reconciliation.Reconciler}.
 */
@NullMarked
package io.github.phasedmigration.core.journal;

import org.jspecify.annotations.NullMarked;
