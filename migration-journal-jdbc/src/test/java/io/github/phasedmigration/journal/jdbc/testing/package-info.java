/**
 * Test support: real databases for tests, published in this module's test-jar.
 */
@NullMarked
package io.github.phasedmigration.journal.jdbc.testing;

import org.jspecify.annotations.NullMarked;
