@NullMarked
package io.github.phasedmigration.annotation;

import org.jspecify.annotations.NullMarked;
