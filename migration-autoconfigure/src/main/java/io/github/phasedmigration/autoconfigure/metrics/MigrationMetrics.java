package io.github.phasedmigration.autoconfigure.metrics;

/**
 * Names and tags of the migration metrics, as the behaviour contract fixes them. The Grafana
 * dashboard and the alert rules use the same names: change them together.
 */
public final class MigrationMetrics {

	/** Timer of each implementation's runs; tags: migration, impl, role, outcome. */
	public static final String CALLS = "migration.calls";

	/** Counter of secondary runs by comparison result; tags: migration, result. */
	public static final String COMPARISONS = "migration.comparisons";

	/** Counter of discrepancies; tags: migration, category. */
	public static final String DISCREPANCIES = "migration.discrepancies";

	/** Counter of REVERSE_SHADOW fallbacks to old; tag: migration. */
	public static final String FALLBACKS = "migration.fallbacks";

	/** Counter of failed secondary writes; tags: migration, impl. */
	public static final String FAILED_WRITES = "migration.writes.failed";

	/** Gauge, one series per mode, 1 for the effective mode; tags: migration, mode. */
	public static final String MODE = "migration.mode";

	/** Gauge: the rollout percentage of the effective mode, 0 to 100; the rest get the mode before. */
	public static final String MODE_PERCENTAGE = "migration.mode.percentage";

	/** Counter: automatic rollbacks, one mode back after failing windows in a row. */
	public static final String ROLLBACKS = "migration.rollbacks";

	/** Gauge of journal entries waiting for (or in) a replay; tag: migration. */
	public static final String RECONCILIATION_PENDING = "migration.reconciliation.pending";

	/** Gauge of journal entries out of attempts, waiting for a person; tag: migration. */
	public static final String RECONCILIATION_PARKED = "migration.reconciliation.parked";

	/** Time gauge: age of the oldest pending journal entry, 0 when none; tag: migration. */
	public static final String RECONCILIATION_OLDEST_AGE = "migration.reconciliation.oldest.age";

	/** Counter of replays of journal entries; tags: migration, result (success, failure, parked). */
	public static final String RECONCILIATION_REPLAYS = "migration.reconciliation.replays";

	/** Counter of second writes appended to the journal; tags: migration, cause (failed, queued). */
	public static final String JOURNAL_ENTRIES = "migration.journal.entries";

	/** Counter of second writes the journal could not take (not reconciled); tag: migration. */
	public static final String JOURNAL_FAILURES = "migration.journal.failures";

	/** Counter of records the backfill copied from old to new on this instance; tag: migration. */
	public static final String BACKFILL_ROWS = "migration.backfill.rows";

	/** Gauge of records the backfill has left to copy, by old's estimate; tag: migration. */
	public static final String BACKFILL_REMAINING = "migration.backfill.remaining";

	/** Gauge, one series per backfill state, 1 for the current one; tags: migration, state. */
	public static final String BACKFILL_STATE = "migration.backfill.state";

	/** Time gauge: age of a running backfill's last checkpoint, 0 when it does not run; tag: migration. */
	public static final String BACKFILL_CHECKPOINT_AGE = "migration.backfill.checkpoint.age";

	/** Gauge of the differences the last verify left; tags: migration, kind (only-in-old, only-in-new, different). */
	public static final String VERIFY_DIFFERENCES = "migration.verify.differences";

	/** Counter of records verify repaired (written or deleted); tag: migration. */
	public static final String VERIFY_REPAIRED = "migration.verify.repaired";

	/** Gauge of secondaries running now. */
	public static final String EXECUTOR_ACTIVE = "migration.executor.active";

	/** Gauge of secondaries waiting for a thread. */
	public static final String EXECUTOR_QUEUED = "migration.executor.queued";

	public static final String TAG_MIGRATION = "migration";

	public static final String TAG_IMPL = "impl";

	public static final String TAG_ROLE = "role";

	public static final String TAG_OUTCOME = "outcome";

	public static final String TAG_RESULT = "result";

	public static final String TAG_CATEGORY = "category";

	public static final String TAG_MODE = "mode";

	public static final String TAG_CAUSE = "cause";

	public static final String TAG_STATE = "state";

	public static final String TAG_KIND = "kind";

	private MigrationMetrics() {
	}

}
