package io.github.phasedmigration.core.engine;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by migration key: second writes of one key in this instance run one at a time, so
 * that "is anything of this key journaled?" and the write (or its journaling) cannot interleave
 * with another write of the same key. Keys that share a stripe only wait a little.
 */
final class KeyLocks {

	private static final int STRIPES = 256;

	private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

	KeyLocks() {
		for (int i = 0; i < STRIPES; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	ReentrantLock lockFor(String migration, String key) {
		int hash = 31 * migration.hashCode() + key.hashCode();
		hash ^= (hash >>> 16);
		return this.locks[hash & (STRIPES - 1)];
	}

}
