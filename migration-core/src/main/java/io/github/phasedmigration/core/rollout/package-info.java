/**
 * Rollout inside a mode: the share of calls that get the configured mode (sticky per migration
 * key), the allow-list that always gets it, and the sample rate of SHADOW reads. Which mode a call
 * gets is decided on the call path ({@code engine.RolloutModeResolver}).
 */
@NullMarked
package io.github.phasedmigration.core.rollout;

import org.jspecify.annotations.NullMarked;
