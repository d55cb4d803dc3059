package io.github.phasedmigration.core.journal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.Migration;
import io.github.phasedmigration.core.MigrationRegistry;

/**
 * Replays journal entries: claims a batch of due entries (the oldest of each key only, so that a
 * key's writes land in their order), calls the implementation whose write failed directly through
 * its {@link ReplayTarget}, deletes what went through, and gives the rest back with an
 * exponential backoff, or parks them once they are out of attempts (invariant I5). Writes are
 * replayed at least once, so the implementations written to must be idempotent (I4).
 */
public final class Reconciler {

	/** Name of the logger of replays. */
	public static final String LOGGER_NAME = "io.github.phasedmigration.reconciliation";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private static final int MAX_ERROR_LENGTH = 2000;

	private final WriteJournal journal;

	private final ReplayTargets targets;

	private final MigrationRegistry registry;

	private final ReconcilerSettings settings;

	private final Clock clock;

	public Reconciler(WriteJournal journal, ReplayTargets targets, MigrationRegistry registry,
			ReconcilerSettings settings, Clock clock) {
		this.journal = journal;
		this.targets = targets;
		this.registry = registry;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Claims one batch and replays it.
	 * @return how many entries were claimed and how many of them went through
	 */
	public Batch runOnce() {
		List<JournalEntry> claimed = this.journal.claim(this.settings.batchSize(), this.settings.lease(),
				this.clock.instant());
		List<JournalEntry> replayed = new ArrayList<>(claimed.size());
		int failed = 0;
		int parked = 0;
		for (JournalEntry entry : claimed) {
			ReplayResult result = replay(entry);
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
		if (failed > 0 || parked > 0) {
			logger.warn("Replayed {} journal entries: {} went through, {} failed and wait for another attempt, {} "
					+ "parked", claimed.size(), replayed.size(), failed, parked);
		}
		return new Batch(claimed.size(), replayed.size());
	}

	private ReplayResult replay(JournalEntry entry) {
		ReplayTarget target = this.targets.find(entry.method());
		if (target == null) {
			String error = "no method " + entry.method() + " in this application to replay the entry on";
			this.journal.park(entry, error);
			logger.error("Parked journal entry {} of migration '{}' (key {}): {}", entry.id(), entry.migration(),
					entry.key(), error);
			return ReplayResult.PARKED;
		}
		try (ReplayScope scope = ReplayScope.enter(entry.method())) {
			target.replay(entry);
			return ReplayResult.SUCCESS;
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			String error = truncate(String.valueOf(ex));
			if (entry.attempts() >= this.settings.maxAttempts()) {
				this.journal.park(entry, error);
				logger.error("Parked journal entry {} of migration '{}' after {} attempts: {} to {} (key {}) keeps "
						+ "failing; retry or discard it through /actuator/migrations/{}/parked", entry.id(),
						entry.migration(), entry.attempts(), entry.method(), entry.impl().tag(), entry.key(),
						entry.migration(), ex);
				return ReplayResult.PARKED;
			}
			Instant next = this.clock.instant().plus(this.settings.backoff(entry.attempts()));
			this.journal.retryLater(entry, error, next);
			logger.debug("Replay {} of journal entry {} of migration '{}' failed; next attempt at {}",
					entry.attempts(), entry.id(), entry.migration(), next, ex);
			return ReplayResult.FAILURE;
		}
	}

	private static String truncate(String text) {
		return (text.length() <= MAX_ERROR_LENGTH) ? text : text.substring(0, MAX_ERROR_LENGTH - 3) + "...";
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
