/**
 * A web service on virtual threads: stock levels V1 -> V2 in SHADOW, a request id in the MDC.
 */
@NullMarked
package io.github.phasedmigration.smoke.virtualthreads;

import org.jspecify.annotations.NullMarked;
