/**
 * Rollout inside a mode: the share of calls that get the configured mode (sticky per migration
 * key), the allow-list that always gets it, and the sample rate of SHADOW reads.
 */
@NullMarked
package io.github.phasedmigration.core.rollout;

import org.jspecify.annotations.NullMarked;
