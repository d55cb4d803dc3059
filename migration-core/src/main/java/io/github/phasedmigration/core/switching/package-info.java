/**
 * Mode switches checked against the success criteria (ModeSwitch: a step forward needs the window
 * to be ready, unless forced), and the CriteriaMonitor that rotates the windows and rolls a
 * failing rollout back.
 */
@NullMarked
package io.github.phasedmigration.core.switching;

import org.jspecify.annotations.NullMarked;
