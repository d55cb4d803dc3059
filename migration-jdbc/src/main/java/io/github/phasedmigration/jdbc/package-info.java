/**
 * What the starter's JDBC modules share: which database a {@code DataSource} is
 * ({@link io.github.phasedmigration.jdbc.DetectedDatabase}), and how their SQL differs on it
 * ({@link io.github.phasedmigration.jdbc.DatabaseType}).
 */
@NullMarked
package io.github.phasedmigration.jdbc;

import org.jspecify.annotations.NullMarked;
