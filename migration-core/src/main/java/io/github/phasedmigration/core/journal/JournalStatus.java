package io.github.phasedmigration.core.journal;

/** Where a journal entry stands. Entries that were replayed or discarded are deleted. */
public enum JournalStatus {

	/** Waiting for its next attempt. */
	PENDING,

	/** Claimed by a reconciler until its lease ends; a lease that ends unreleased makes it claimable again. */
	REPLAYING,

	/** Out of attempts: waits for a person to retry or discard it. Holds back the later entries of its key. */
	PARKED

}
