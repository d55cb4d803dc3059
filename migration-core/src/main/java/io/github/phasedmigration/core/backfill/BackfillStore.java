package io.github.phasedmigration.core.backfill;

/**
 * One side of a migration that can be read in key order and written: what verify reads on both
 * sides, and what backfill and repair write to.
 *
 * @param <K> the key
 * @param <R> a record
 */
public interface BackfillStore<K extends Comparable<? super K>, R> extends BackfillSource<K, R>, BackfillSink<K, R> {

}
