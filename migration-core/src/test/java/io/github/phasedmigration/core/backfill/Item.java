package io.github.phasedmigration.core.backfill;

/** A record of the test stores. */
record Item(long id, String name) {

	static Item of(long id) {
		return new Item(id, "item " + id);
	}

}
