@NullMarked
package io.github.phasedmigration.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
