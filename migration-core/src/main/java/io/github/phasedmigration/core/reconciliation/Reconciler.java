package io.github.phasedmigration.core.reconciliation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.ReplayResult;
import io.github.phasedmigration.core.journal.ReplayScope;
import io.github.phasedmigration.core.journal.ReplayTarget;
import io.github.phasedmigration.core.journal.ReplayTargets;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

/**
 * Replays journal entries: claims a batch of due entries (the oldest of each key only, so that a
 * key's writes land in their order), calls the implementation whose write failed directly through
 * its {@link ReplayTarget}, deletes what went through, and gives the rest back with an
 * exponential backoff, or parks them once they are out of attempts (invariant I5). Writes are
 * replayed at least once, so the implementations written to must be idempotent (I4).
 */
public final class Reconciler implements AutoCloseable {

	/** Name of the logger of replays. */
	public static final String LOGGER_NAME = "io.github.phasedmigration.reconciliation";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private static final int MAX_ERROR_LENGTH = 2000;

	private final WriteJournal journal;

	private final ReplayTargets targets;

	private final MigrationRegistry registry;

	private final ReconcilerSettings settings;

	private final Clock clock;

	private final @Nullable ExecutorService replayPool;

	public Reconciler(WriteJournal journal, ReplayTargets targets, MigrationRegistry registry,
			ReconcilerSettings settings, Clock clock) {
		this.journal = journal;
		this.targets = targets;
		this.registry = registry;
		this.settings = settings;
		this.clock = clock;
		// a batch holds at most one entry per key, so its entries may be replayed side by side
		this.replayPool = (settings.replayThreads() > 1) ? Executors.newFixedThreadPool(settings.replayThreads(),
				new ReplayThreads()) : null;
	}

	/**
	 * Claims one batch and replays it.
	 * @return how many entries were claimed and how many of them went through
	 */
	public Batch runOnce() {
		Instant claimedAt = this.clock.instant();
		List<JournalEntry> claimed = this.journal.claim(this.settings.batchSize(), this.settings.lease(), claimedAt);
		// past half the lease, another instance may take the rest over soon: give it back rather than race it
		Instant giveBackAfter = claimedAt.plus(this.settings.lease().dividedBy(2));
		List<CompletableFuture<@Nullable ReplayResult>> results = new ArrayList<>(claimed.size());
		ExecutorService pool = this.replayPool;
		for (JournalEntry entry : claimed) {
			results.add((pool != null)
					? CompletableFuture.supplyAsync(() -> replayOrGiveBack(entry, giveBackAfter), pool)
					: CompletableFuture.completedFuture(replayOrGiveBack(entry, giveBackAfter)));
		}
		List<JournalEntry> replayed = new ArrayList<>(claimed.size());
		int failed = 0;
		int parked = 0;
		int givenBack = 0;
		for (int i = 0; i < claimed.size(); i++) {
			JournalEntry entry = claimed.get(i);
			ReplayResult result = results.get(i).join();
			if (result == null) {
				givenBack++;
				continue;
			}
			if (result == ReplayResult.SUCCESS) {
				replayed.add(entry);
			}
			else if (result == ReplayResult.FAILURE) {
				failed++;
			}
			else {
				parked++;
			}
			Optional<Migration> migration = this.registry.find(entry.migration());
			migration.ifPresent((m) -> this.registry.listener().onReplay(m, result));
		}
		if (!replayed.isEmpty()) {
			this.journal.replayed(replayed);
		}
		if (givenBack > 0) {
			logger.warn("Replaying {} journal entries took more than half the lease ({}); gave {} back unreplayed",
					claimed.size(), this.settings.lease(), givenBack);
		}
		if (failed > 0 || parked > 0) {
			logger.warn("Replayed {} journal entries: {} went through, {} failed and wait for another attempt, {} "
					+ "parked", claimed.size(), replayed.size(), failed, parked);
		}
		return new Batch(claimed.size(), replayed.size());
	}

	/** Replays the entry, or gives it back unreplayed ({@code null}) when the batch is past half its lease. */
	private @Nullable ReplayResult replayOrGiveBack(JournalEntry entry, Instant giveBackAfter) {
		if (this.clock.instant().isAfter(giveBackAfter)) {
			this.journal.retryLater(entry, entry.lastError(), this.clock.instant());
			return null;
		}
		return replay(entry);
	}

	/** Stops the threads that replay side by side, if any. */
	@Override
	public void close() {
		if (this.replayPool != null) {
			this.replayPool.shutdown();
		}
	}

	private ReplayResult replay(JournalEntry entry) {
		Optional<Migration> migration = this.registry.find(entry.migration());
		if (migration.isPresent() && migration.get().effectiveMode().primary() == entry.impl()) {
			// the side this entry writes to became authoritative: newer writes went there first, and an
			// older one replayed now would win over them (I3); a person decides
			String error = "the migration's mode is now " + migration.get().effectiveMode() + ", in which "
					+ entry.impl().tag() + " is written first: replaying this older write could overwrite newer "
					+ "ones. Retry it after switching back, or discard it";
			this.journal.park(entry, error);
			logger.error("Parked journal entry {} of migration '{}' (key {}): {}", entry.id(), entry.migration(),
					entry.key(), error);
			return ReplayResult.PARKED;
		}
		ReplayTarget target = this.targets.find(entry.method());
		if (target == null) {
			// perhaps an instance of an older or newer version of the application: another may know it
			return failed(entry, "no method " + entry.method() + " in this instance to replay the entry on", null);
		}
		try (ReplayScope scope = ReplayScope.enter(entry.method())) {
			target.replay(entry);
			return ReplayResult.SUCCESS;
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			return failed(entry, truncate(String.valueOf(ex)), ex);
		}
	}

	private ReplayResult failed(JournalEntry entry, String error, @Nullable Throwable ex) {
		if (entry.attempts() >= this.settings.maxAttempts()) {
			this.journal.park(entry, error);
			logger.error("Parked journal entry {} of migration '{}' after {} attempts: {} to {} (key {}) keeps failing "
					+ "({}); retry or discard it through /actuator/migrations/{}/parked", entry.id(), entry.migration(),
					entry.attempts(), entry.method(), entry.impl().tag(), entry.key(), error, entry.migration(), ex);
			return ReplayResult.PARKED;
		}
		Instant next = this.clock.instant().plus(this.settings.backoff(entry.attempts()));
		this.journal.retryLater(entry, error, next);
		logger.debug("Replay {} of journal entry {} of migration '{}' failed ({}); next attempt at {}",
				entry.attempts(), entry.id(), entry.migration(), error, next, ex);
		return ReplayResult.FAILURE;
	}

	private static String truncate(String text) {
		return (text.length() <= MAX_ERROR_LENGTH) ? text : text.substring(0, MAX_ERROR_LENGTH - 3) + "...";
	}

	private static final class ReplayThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "migration-replay-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

	/**
	 * What one batch did.
	 *
	 * @param claimed entries claimed
	 * @param replayed entries that went through
	 */
	public record Batch(int claimed, int replayed) {
	}

}
