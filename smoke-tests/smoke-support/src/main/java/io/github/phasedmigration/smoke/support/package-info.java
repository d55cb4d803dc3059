/**
 * What the smoke applications' tests share; nothing of Spring, so that it changes no application's
 * class path.
 */
@NullMarked
package io.github.phasedmigration.smoke.support;

import org.jspecify.annotations.NullMarked;
