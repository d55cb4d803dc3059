/**
 * Spring application events of migrations: every change of mode or rollout, automatic rollbacks,
 * and their entries in Spring Boot's audit.
 */
@NullMarked
package io.github.phasedmigration.autoconfigure.events;

import org.jspecify.annotations.NullMarked;
