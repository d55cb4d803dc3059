package io.github.phasedmigration.journal.jdbc;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

import io.github.phasedmigration.core.InstanceIds;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.JournalStats;
import io.github.phasedmigration.core.journal.JournalStatus;
import io.github.phasedmigration.core.journal.NewJournalEntry;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.jdbc.DetectedDatabase;
import io.github.phasedmigration.jdbc.OwnTransactions;

/**
 * The SQL of a {@link JdbcWriteJournal} on its table: each call a statement or a few, in a
 * transaction of the journal's own. Claims are a {@link JournalClaim}'s; the database's metadata
 * decides which one, read at the first call.
 */
final class JournalTable implements WriteJournal {

	private static final String TABLE = JdbcWriteJournal.TABLE;

	// the journal's logger, the one that applications configure
	private static final Logger logger = LoggerFactory.getLogger(JdbcWriteJournal.class);

	private final JdbcClient jdbc;

	private final String instanceId;

	private final Clock clock;

	private final OwnTransactions transactions;

	private final JournalEntryRowMapper entries = new JournalEntryRowMapper();

	// what the database allows, and the claim it chose: read from its metadata at the first call
	private final SingletonSupplier<JdbcDialect> dialect;

	private final SingletonSupplier<JournalClaim> claim;

	/**
	 * A table whose journal claims as {@code instanceId}.
	 * @param dialectCustomizer changes what was detected of the database
	 */
	JournalTable(DataSource dataSource, String instanceId, Clock clock,
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
		this.transactions = new OwnTransactions(dataSource);
		this.dialect = SingletonSupplier.of(() -> {
			JdbcDialect dialect = dialectCustomizer.apply(JdbcDialect
				.of(DetectedDatabase.of(dataSource, "Cannot read the journal's database metadata")));
			logger.info("Write journal on {} claims with {} as {}", dialect.description(), dialect.claimStrategy(),
					instanceId);
			return dialect;
		});
		this.claim = SingletonSupplier.of(() -> JournalClaim.of(dialect().claimStrategy(), this.jdbc,
				writes(dialect()), this.transactions.reads(), instanceId));
	}

	String instanceId() {
		return this.instanceId;
	}

	ClaimStrategy claimStrategy() {
		return dialect().claimStrategy();
	}

	@Override
	public long append(NewJournalEntry entry) {
		JournalColumns.checkFits(entry);
		JdbcDialect dialect = dialect();
		long time = entry.time().toEpochMilli();
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

	@Override
	public boolean hasEntries(String migration, String key) {
		List<Integer> found = this.transactions.reads().execute((status) -> this.jdbc
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
		Integer updated = DeadlockRetries.execute(writes(dialect()), (status) -> this.jdbc
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

	@Override
	public Map<String, JournalStats> stats() {
		Map<String, JournalStats> stats = new TreeMap<>();
		this.transactions.reads().executeWithoutResult((status) -> this.jdbc
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
		List<JournalEntry> entries = this.transactions.reads().execute((status) -> {
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
		Integer changed = DeadlockRetries.execute(writes(dialect()), (status) -> {
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
		return this.transactions.writes(dialect.type());
	}

}
