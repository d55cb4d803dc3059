package io.github.phasedmigration.journal.jdbc;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

import io.github.phasedmigration.core.InstanceIds;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.JournalStatus;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.jdbc.DetectedDatabase;

/**
 * A {@link WriteJournal} in the table {@code migration_journal} of a {@link DataSource}: entries
 * survive a restart, and every instance of the application that shares the database shares the
 * journal. Create the table first with the script for the platform, for example:
 *
 * <pre class="code">
 * ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
 *         new DefaultResourceLoader().getResource(JdbcWriteJournal.schemaLocation("postgresql")));
 * populator.execute(dataSource);   // CREATE ... IF NOT EXISTS: safe at every start
 * WriteJournal journal = new JdbcWriteJournal(dataSource, InstanceIds.generate());
 * </pre>
 *
 * <p>
 * Every write runs in a transaction of its own ({@code REQUIRES_NEW} on a
 * {@link DataSourceTransactionManager} of its own), so an entry appended while the caller's
 * transaction on the same {@code DataSource} is open, or already doomed, is committed whatever
 * happens to that transaction. That takes a second connection while the caller holds one: size
 * the pool for it, or give the journal a {@code DataSource} of its own.
 *
 * <p>
 * Claims are leased to an instance id ({@code claimed_by}); how two claimers are kept apart
 * depends on the database, see {@link #claimStrategy()}. A claim also records its time in
 * {@code updated_at}, and settling an entry ({@link #replayed}, {@link #retryLater},
 * {@link #park}) only changes it while it is still held by that claim: after a lease ended and
 * another claimer took an entry over, a late settle changes nothing and is logged at WARN.
 *
 * <p>
 * {@link #hasEntries} is called before every keyed second write, so it answers from memory when
 * it can: it keeps, per migration, whether the table may hold entries of it. {@link #append}
 * raises that at once; {@link #stats()} (and the first {@code hasEntries}) refreshes it from the
 * table. An entry that another instance appended is therefore seen from the next
 * {@code stats()} on; call it periodically (the reconciler does, for its metrics).
 *
 * <p>
 * Times are stored as epoch milliseconds (UTC), so they read back truncated to milliseconds.
 * Keys longer than 255 characters are stored shortened, with a SHA-256 of the whole key, and read
 * back in that form. {@link JournalEntry#liveArguments()} is always {@code null}: decode
 * {@link JournalEntry#arguments()}.
 */
public class JdbcWriteJournal implements WriteJournal {

	/** The journal's table. */
	public static final String TABLE = "migration_journal";

	private static final Logger logger = LoggerFactory.getLogger(JdbcWriteJournal.class);

	private final JdbcClient jdbc;

	private final String instanceId;

	private final Clock clock;

	private final TransactionTemplate writes;

	private final TransactionTemplate readCommittedWrites;

	private final TransactionTemplate reads;

	private final JournalEntryRowMapper entries = new JournalEntryRowMapper();

	private final Object monitor = new Object();

	// what the database allows, and the claim it chose: read from its metadata at the first call
	private final SingletonSupplier<JdbcDialect> dialect;

	private final SingletonSupplier<JournalClaim> claim;

	private final ConcurrentMap<String, Hint> hints = new ConcurrentHashMap<>();

	private volatile boolean hintsLoaded;

	/**
	 * Creates a journal whose claims carry a {@link InstanceIds#generate() generated} instance id.
	 * @param dataSource where the table is
	 */
	public JdbcWriteJournal(DataSource dataSource) {
		this(dataSource, InstanceIds.generate());
	}

	/**
	 * Creates a journal.
	 * @param dataSource where the table is
	 * @param instanceId who claims, unique among the instances that share the table, at most 100
	 * characters
	 */
	public JdbcWriteJournal(DataSource dataSource, String instanceId) {
		this(dataSource, instanceId, Clock.systemUTC());
	}

	/**
	 * Creates a journal.
	 * @param dataSource where the table is
	 * @param instanceId who claims, unique among the instances that share the table, at most 100
	 * characters
	 * @param clock the time of changes that the {@link WriteJournal} methods give no time for
	 * ({@code updated_at} of a settled entry)
	 */
	public JdbcWriteJournal(DataSource dataSource, String instanceId, Clock clock) {
		this(dataSource, instanceId, clock, UnaryOperator.identity());
	}

	/**
	 * Creates a journal that changes what it detected of its database: tests run the paths of
	 * other databases (the conditional update, paging without {@code LIMIT}) on the real ones.
	 */
	JdbcWriteJournal(DataSource dataSource, String instanceId, Clock clock,
			UnaryOperator<JdbcDialect> dialectCustomizer) {
		Objects.requireNonNull(dataSource, "dataSource");
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(clock, "clock");
		if (instanceId.isBlank() || instanceId.length() > InstanceIds.MAX_LENGTH) {
			throw new IllegalArgumentException(
					"instanceId must have 1 to " + InstanceIds.MAX_LENGTH + " characters: '" + instanceId + "'");
		}
		this.jdbc = JdbcClient.create(dataSource);
		this.instanceId = instanceId;
		this.clock = clock;
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
		this.writes = new TransactionTemplate(transactionManager);
		this.writes.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.readCommittedWrites = new TransactionTemplate(transactionManager);
		this.readCommittedWrites.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.readCommittedWrites.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		// reads stay out of the caller's transaction too: on PostgreSQL a failed statement dooms
		// it, and every later statement of it fails until the rollback
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		this.dialect = SingletonSupplier.of(() -> {
			JdbcDialect dialect = dialectCustomizer.apply(JdbcDialect
				.of(DetectedDatabase.of(dataSource, "Cannot read the journal's database metadata")));
			logger.info("Write journal on {} claims with {} as {}", dialect.description(), dialect.claimStrategy(),
					instanceId);
			return dialect;
		});
		this.claim = SingletonSupplier.of(() -> JournalClaim.of(dialect().claimStrategy(), this.jdbc,
				writes(dialect()), this.reads, instanceId));
	}

	/**
	 * The location of the script that creates the table, for a {@code ResourceDatabasePopulator}.
	 * @param platform {@code postgresql}, {@code mariadb}, {@code mysql} or {@code h2}, as Spring
	 * Boot's {@code DatabaseDriver.getId()} names them
	 * @return a {@code classpath:} location
	 */
	public static String schemaLocation(String platform) {
		return "classpath:io/github/phasedmigration/journal/jdbc/schema-" + platform + ".sql";
	}

	/** Who this journal claims as. */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * How this journal claims on its database. Reads the database's metadata on the first call.
	 */
	public ClaimStrategy claimStrategy() {
		return dialect().claimStrategy();
	}

	@Override
	public long append(NewJournalEntry entry) {
		JournalColumns.checkFits(entry);
		JdbcDialect dialect = dialect();
		long time = entry.time().toEpochMilli();
		Hint hint = this.hints.computeIfAbsent(entry.migration(), (migration) -> new Hint());
		hint.appendStarted();
		try {
			// the key holder of each attempt: a retry must not see the rolled-back attempt's key
			Number id = DeadlockRetries.execute(writes(dialect), (status) -> {
				KeyHolder keys = new GeneratedKeyHolder();
				this.jdbc
					.sql("INSERT INTO " + TABLE + " (migration, impl, method, entity_key, arguments, cause, last_error,"
							+ " attempts, status, next_attempt_at, created_at, updated_at)"
							+ " VALUES (:migration, :impl, :method, :key, :arguments, :cause, :error,"
							+ " 0, 'PENDING', :time, :time, :time)")
					.param("migration", entry.migration())
					.param("impl", entry.impl().tag())
					.param("method", entry.method())
					.param("key", JournalColumns.storedKey(entry.key()))
					.param("arguments", entry.arguments())
					.param("cause", entry.cause().tag())
					.param("error", JournalColumns.truncate(entry.error()))
					.param("time", time)
					.update(keys, dialect.idColumn());
				return keys.getKeyAs(Number.class);
			});
			return Objects.requireNonNull(id, "generated id").longValue();
		}
		finally {
			hint.appendFinished();
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Queries the table only while the migration may have entries: after this journal appended one,
	 * or when the last {@link #stats()} saw some. The first call reads the stats to start from.
	 */
	@Override
	public boolean hasEntries(String migration, String key) {
		if (!this.hintsLoaded) {
			loadHints();
		}
		Hint hint = this.hints.get(migration);
		if (hint == null || !hint.mayHaveEntries()) {
			return false;
		}
		List<Integer> found = this.reads.execute((status) -> this.jdbc
			.sql("SELECT 1 FROM " + TABLE + " WHERE migration = :migration AND entity_key = :key")
			.param("migration", migration)
			.param("key", JournalColumns.storedKey(key))
			.withMaxRows(1)
			.query(Integer.class)
			.list());
		return found != null && !found.isEmpty();
	}

	@Override
	public List<JournalEntry> claim(int max, Duration lease, Instant now) {
		if (max <= 0) {
			return List.of();
		}
		return this.claim.obtain().claim(max, now.toEpochMilli(), now.plus(lease).toEpochMilli());
	}

	@Override
	public void replayed(Collection<JournalEntry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		List<Long> ids = List.copyOf(entries.stream().map(JournalEntry::id).collect(LinkedHashSet::new,
				LinkedHashSet::add, LinkedHashSet::addAll));
		JdbcDialect dialect = dialect();
		Integer deleted = DeadlockRetries.execute(writes(dialect), (status) -> {
			int total = 0;
			for (List<Long> chunk : InLists.chunks(ids)) {
				total += this.jdbc
					.sql("DELETE FROM " + TABLE + " WHERE id IN (:ids) AND claimed_by = :me AND status = 'REPLAYING'")
					.param("ids", chunk)
					.param("me", this.instanceId)
					.update();
			}
			return total;
		});
		int missed = ids.size() - ((deleted != null) ? deleted : 0);
		if (missed > 0) {
			logger.warn("{} of {} replayed journal entries were no longer claimed by {}: their lease ended and"
					+ " another claimer took them over, it settles them", missed, ids.size(), this.instanceId);
		}
	}

	@Override
	public void retryLater(JournalEntry entry, String error, Instant nextAttemptAt) {
		settle(entry, JournalStatus.PENDING, error, nextAttemptAt);
	}

	@Override
	public void park(JournalEntry entry, String error) {
		settle(entry, JournalStatus.PARKED, error, entry.nextAttemptAt());
	}

	private void settle(JournalEntry entry, JournalStatus newStatus, String error, Instant nextAttemptAt) {
		// updated_at is the claim's time: a claim of this instance that took the entry over
		// after the lease ended wrote a later one, so a late settle of the first one misses
		Integer updated = writes(dialect()).execute((status) -> this.jdbc
			.sql("UPDATE " + TABLE + " SET status = :status, last_error = :error, next_attempt_at = :next,"
					+ " lease_until = NULL, claimed_by = NULL, updated_at = :now"
					+ " WHERE id = :id AND claimed_by = :me AND status = 'REPLAYING' AND updated_at = :claimedAt")
			.param("status", newStatus.name())
			.param("error", JournalColumns.truncate(error))
			.param("next", nextAttemptAt.toEpochMilli())
			.param("now", this.clock.millis())
			.param("id", entry.id())
			.param("me", this.instanceId)
			.param("claimedAt", entry.updatedAt().toEpochMilli())
			.update());
		if (updated == null || updated == 0) {
			logger.warn("Journal entry {} of migration '{}' was not set to {}: it is no longer claimed by {}"
					+ " (its lease ended and another claimer took it over, or it was settled already)", entry.id(),
					entry.migration(), newStatus, this.instanceId);
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Also refreshes what {@link #hasEntries} knows: migrations with entries, appended by any
	 * instance, are queried from now on; those without are answered from memory again.
	 */
	@Override
	public Map<String, JournalStats> stats() {
		Map<String, long[]> before = new HashMap<>();
		this.hints.forEach((migration, hint) -> before.put(migration, hint.appends()));
		Map<String, JournalStats> stats = new TreeMap<>();
		this.reads.executeWithoutResult((status) -> this.jdbc
			.sql("SELECT migration, status, COUNT(*) AS entries, MIN(created_at) AS oldest FROM " + TABLE
					+ " GROUP BY migration, status")
			.query((ResultSet rs) -> {
				String migration = rs.getString("migration");
				String rowStatus = rs.getString("status");
				long entries = rs.getLong("entries");
				Instant oldest = Instant.ofEpochMilli(rs.getLong("oldest"));
				JournalStats current = stats.getOrDefault(migration, JournalStats.EMPTY);
				stats.put(migration, add(current, rowStatus, entries, oldest));
			}));
		stats.keySet().forEach((migration) -> this.hints.computeIfAbsent(migration, (name) -> new Hint()).seen());
		this.hints.forEach((migration, hint) -> {
			long[] appends = before.get(migration);
			if (!stats.containsKey(migration) && appends != null) {
				hint.noneSeen(appends);
			}
		});
		this.hintsLoaded = true;
		return Collections.unmodifiableMap(stats);
	}

	private static JournalStats add(JournalStats stats, String status, long entries, Instant oldest) {
		if (JournalStatus.PARKED.name().equals(status)) {
			return new JournalStats(stats.pending(), stats.parked() + entries, stats.oldestPending());
		}
		if (JournalStatus.PENDING.name().equals(status) || JournalStatus.REPLAYING.name().equals(status)) {
			Instant oldestPending = (stats.oldestPending() == null || oldest.isBefore(stats.oldestPending())) ? oldest
					: stats.oldestPending();
			return new JournalStats(stats.pending() + entries, stats.parked(), oldestPending);
		}
		return stats;
	}

	private void loadHints() {
		synchronized (this.monitor) {
			if (!this.hintsLoaded) {
				stats();
			}
		}
	}

	@Override
	public List<JournalEntry> parked(String migration, int page, int size) {
		if (page < 0 || size <= 0) {
			throw new IllegalArgumentException(
					"page must be 0 or more and size 1 or more: page " + page + ", size " + size);
		}
		long offset = (long) page * size;
		JdbcDialect dialect = dialect();
		String select = "SELECT " + JournalEntryRowMapper.COLUMNS + " FROM " + TABLE
				+ " WHERE migration = :migration AND status = 'PARKED' ORDER BY id";
		List<JournalEntry> entries = this.reads.execute((status) -> {
			if (dialect.limitOffset()) {
				return this.jdbc.sql(select + " LIMIT :size OFFSET :offset")
					.param("migration", migration)
					.param("size", size)
					.param("offset", offset)
					.query(this.entries)
					.list();
			}
			int maxRows = (int) Math.min(Integer.MAX_VALUE, offset + size);
			List<JournalEntry> head = this.jdbc.sql(select)
				.param("migration", migration)
				.withMaxRows(maxRows)
				.query(this.entries)
				.list();
			return (head.size() > offset) ? head.subList((int) offset, head.size()) : List.<JournalEntry>of();
		});
		return (entries != null) ? List.copyOf(entries) : List.of();
	}

	@Override
	public int retryParked(String migration, @Nullable Collection<Long> ids, Instant now) {
		String update = "UPDATE " + TABLE + " SET status = 'PENDING', attempts = 0, next_attempt_at = :now,"
				+ " lease_until = NULL, claimed_by = NULL, updated_at = :now"
				+ " WHERE migration = :migration AND status = 'PARKED'";
		return changeParked(update, migration, ids, (statement) -> statement.param("now", now.toEpochMilli()));
	}

	@Override
	public int discardParked(String migration, @Nullable Collection<Long> ids) {
		String delete = "DELETE FROM " + TABLE + " WHERE migration = :migration AND status = 'PARKED'";
		return changeParked(delete, migration, ids, Function.identity());
	}

	private int changeParked(String sql, String migration, @Nullable Collection<Long> ids,
			Function<JdbcClient.StatementSpec, JdbcClient.StatementSpec> parameters) {
		if (ids != null && ids.isEmpty()) {
			return 0;
		}
		Integer changed = writes(dialect()).execute((status) -> {
			if (ids == null) {
				return parameters.apply(this.jdbc.sql(sql).param("migration", migration)).update();
			}
			int total = 0;
			for (List<Long> chunk : InLists.chunks(List.copyOf(new LinkedHashSet<>(ids)))) {
				total += parameters.apply(this.jdbc.sql(sql + " AND id IN (:ids)")
					.param("migration", migration)
					.param("ids", chunk)).update();
			}
			return total;
		});
		return (changed != null) ? changed : 0;
	}

	@Override
	public boolean durable() {
		return true;
	}

	private JdbcDialect dialect() {
		return this.dialect.obtain();
	}

	private TransactionTemplate writes(JdbcDialect dialect) {
		return dialect.readCommitted() ? this.readCommittedWrites : this.writes;
	}

	/**
	 * Whether the table may hold entries of one migration. Appends in flight are counted, so that
	 * a refresh whose query may have missed one of them leaves the hint raised.
	 */
	private static final class Hint {

		private long started;

		private long finished;

		private volatile boolean mayHaveEntries;

		synchronized void appendStarted() {
			this.started++;
			this.mayHaveEntries = true;
		}

		synchronized void appendFinished() {
			this.finished++;
		}

		/** Appends started and finished so far, to give to {@link #noneSeen} after a query. */
		synchronized long[] appends() {
			return new long[] { this.started, this.finished };
		}

		synchronized void seen() {
			this.mayHaveEntries = true;
		}

		/**
		 * A query that started after {@link #appends()} returned {@code before} found no entry.
		 * That holds now only if no append was in flight then (each one that had started had
		 * committed, so the query saw it) and none started since.
		 */
		synchronized void noneSeen(long[] before) {
			if (before[0] == before[1] && this.started == before[0]) {
				this.mayHaveEntries = false;
			}
		}

		boolean mayHaveEntries() {
			return this.mayHaveEntries;
		}

	}

}
