/**
 * The durable reconciliation journal's auto-configuration: which DataSource holds it, its table
 * created or checked at start-up, and its health indicator.
 */
@NullMarked
package io.github.phasedmigration.autoconfigure.journal;

import org.jspecify.annotations.NullMarked;
