/**
 * Success criteria: the window of fixed buckets each migration's calls are counted in, the judge
 * of a window (pass, fail, inconclusive) and the readiness to advance. The switches gated on them
 * and the automatic rollback are {@code switching}'s.
 */
@NullMarked
package io.github.phasedmigration.core.criteria;

import org.jspecify.annotations.NullMarked;
