/**
 * What the reconciliation journal needs from an annotated write method to replay it, checked at
 * start-up: its {@link MigrationKeyExpression migration key}, a {@link JacksonArgumentCodec codec}
 * for its arguments and the bean it is replayed on, and the lifecycle of the reconciler's loop.
 */
@NullMarked
package io.github.phasedmigration.autoconfigure.replay;

import org.jspecify.annotations.NullMarked;
