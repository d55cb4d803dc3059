@NullMarked
package io.github.phasedmigration.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
