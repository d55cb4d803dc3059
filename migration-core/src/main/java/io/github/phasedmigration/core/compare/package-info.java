@NullMarked
package io.github.phasedmigration.core.compare;

import org.jspecify.annotations.NullMarked;
