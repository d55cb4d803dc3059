/**
 * A web service with the starter and nothing else: shipping costs V1 -> V2 in SHADOW.
 */
@NullMarked
package io.github.phasedmigration.smoke.noactuator;

import org.jspecify.annotations.NullMarked;
