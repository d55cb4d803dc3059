@NullMarked
package io.github.phasedmigration.autoconfigure;

import org.jspecify.annotations.NullMarked;
