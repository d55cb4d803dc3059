/**
 * The migrations at run time: a Migration's declared and overridden rollout, its settings,
 * criteria window, counters and recent discrepancies, the MigrationRegistry that holds them all,
 * the history of mode changes, and the listeners told of calls, comparisons and changes (wrapped
 * so that a failing listener never reaches the caller).
 */
@NullMarked
package io.github.phasedmigration.core.registry;

import org.jspecify.annotations.NullMarked;
