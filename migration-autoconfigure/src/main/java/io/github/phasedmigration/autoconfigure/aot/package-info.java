/**
 * Spring AOT support: the runtime hints that a native image of an application needs to run its
 * migrations, contributed at build time from the application's annotated beans, and the starter's
 * own (annotation, schema scripts, endpoint answers).
 */
@NullMarked
package io.github.phasedmigration.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
