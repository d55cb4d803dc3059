/** Test helpers shared by the engine's tests: a clock that stands still, a captured logger. */
@NullMarked
package io.github.phasedmigration.core.testing;

import org.jspecify.annotations.NullMarked;
