package io.github.phasedmigration.annotation;

/**
 * Whether a migrated method reads or writes. Reads run the secondary concurrently and compare;
 * writes run one after the other, the authoritative one first.
 */
public enum MigrationKind {

	/** Side-effect free: both implementations may run concurrently and their results are compared. */
	READ,

	/** Changes state: the authoritative write runs first, the other only after it succeeded. */
	WRITE

}
