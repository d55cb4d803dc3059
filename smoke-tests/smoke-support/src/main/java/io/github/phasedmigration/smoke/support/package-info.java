/**
 * What the smoke applications' tests share. Spring Boot and the core are provided by the
 * application, so that it changes no application's class path.
 */
@NullMarked
package io.github.phasedmigration.smoke.support;

import org.jspecify.annotations.NullMarked;
