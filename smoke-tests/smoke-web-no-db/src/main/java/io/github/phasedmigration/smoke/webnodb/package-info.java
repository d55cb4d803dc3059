/**
 * A web service with the Actuator and Prometheus and no database: pricing V1 -> V2 in SHADOW.
 */
@NullMarked
package io.github.phasedmigration.smoke.webnodb;

import org.jspecify.annotations.NullMarked;
