/**
 * Verify and repair: both stores compared by key range in merged windows, differences tallied
 * into a report, and repaired through the new side when asked.
 */
@NullMarked
package io.github.phasedmigration.core.backfill.verify;

import org.jspecify.annotations.NullMarked;
