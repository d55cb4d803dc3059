@NullMarked
package io.github.phasedmigration.core.execution;

import org.jspecify.annotations.NullMarked;
