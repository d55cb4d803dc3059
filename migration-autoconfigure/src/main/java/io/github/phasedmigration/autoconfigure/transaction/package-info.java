/**
 * Second writes that wait for the commit of the caller's Spring-managed transaction.
 */
@NullMarked
package io.github.phasedmigration.autoconfigure.transaction;

import org.jspecify.annotations.NullMarked;
