/**
 * The replay of journaled second writes: the Reconciler claims due entries in order per key and
 * replays them through the migration's method, the ReconcilerLoop runs it on its own thread.
 */
@NullMarked
package io.github.phasedmigration.core.reconciliation;

import org.jspecify.annotations.NullMarked;
