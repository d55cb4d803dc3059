/**
 * What the reconciliation journal needs from an annotated write method, checked at start-up: its
 * {@link io.github.phasedmigration.autoconfigure.journal.MigrationKeyExpression migration key} and
 * a {@link io.github.phasedmigration.autoconfigure.journal.JacksonArgumentCodec codec} for its
 * arguments.
 */
@NullMarked
package io.github.phasedmigration.autoconfigure.journal;

import org.jspecify.annotations.NullMarked;
