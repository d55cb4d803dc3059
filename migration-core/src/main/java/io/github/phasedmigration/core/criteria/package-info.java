/**
 * Success criteria: the window of fixed buckets each migration's calls are counted in, the judge
 * of a window (pass, fail, inconclusive), readiness to advance, gated switches and automatic
 * rollback.
 */
@NullMarked
package io.github.phasedmigration.core.criteria;

import org.jspecify.annotations.NullMarked;
