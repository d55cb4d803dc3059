package io.github.phasedmigration.core.backfill;

import java.util.List;

/**
 * Writes records into one side. Every write must be idempotent: a chunk may be written again
 * after a crash, by the backfill resuming from its last checkpoint.
 *
 * @param <K> the key
 * @param <R> a record
 */
public interface BackfillSink<K, R> {

	/** Writes the records over what the store holds: an insert or an update per record (repair). */
	void upsert(List<R> records);

	/**
	 * Writes only the records that the store does not hold yet (the backfill). A record it holds was
	 * written by the dual writes, which are at least as new as what the backfill read, so it is
	 * left alone. The default upserts, which can put back an older version of a record written
	 * between the backfill's read and its write; verify and repair find those.
	 */
	default void insertMissing(List<R> records) {
		upsert(records);
	}

	/**
	 * Deletes records by key (repair of records that are only in this side, when allowed).
	 * @throws UnsupportedOperationException when this sink cannot delete
	 */
	default void delete(List<K> keys) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot delete records");
	}

}
