/**
 * The call path: MigrationEngine finds a call's mode and hands it to the read paths (ReadPaths),
 * the write paths (DualWrites) or the reactive calls (ReactiveCalls); comparisons, key locks and
 * outcomes live here too.
 */
@NullMarked
package io.github.phasedmigration.core.engine;

import org.jspecify.annotations.NullMarked;
