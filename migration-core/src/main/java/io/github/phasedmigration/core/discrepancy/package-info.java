@NullMarked
package io.github.phasedmigration.core.discrepancy;

import org.jspecify.annotations.NullMarked;
