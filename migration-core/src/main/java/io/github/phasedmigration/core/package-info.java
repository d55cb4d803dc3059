@NullMarked
package io.github.phasedmigration.core;

import org.jspecify.annotations.NullMarked;
