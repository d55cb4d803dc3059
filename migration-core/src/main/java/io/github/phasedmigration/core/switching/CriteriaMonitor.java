package io.github.phasedmigration.core.switching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.ModeChange;
import io.github.phasedmigration.core.rollout.Rollout;

/**
 * Closes the buckets of every migration's window when they are over and, for a migration with
 * automatic rollback where new serves (REVERSE_SHADOW, NEW, or a canary of them), judges each
 * window as it closes: after {@code rollbackAfter} failing windows in a row the migration steps
 * back one mode, for all calls. The change is recorded with the measured values, logged at ERROR
 * and passed to {@link io.github.phasedmigration.core.registry.MigrationListener#onRollback}. Inconclusive
 * windows never roll back, and break a row of failing ones. In SHADOW new serves no caller: its
 * discrepancies there are what SHADOW is for, so nothing rolls back by itself; neither does a
 * canary at 0% (only its allow-list is in the mode).
 *
 * <p>Listeners of a rollback run on the monitor's thread: one that throws is logged and the other
 * migrations are judged all the same.
 *
 * <p>One daemon thread ticks for all migrations; {@link #tick()} may also be called directly.
 */
public final class CriteriaMonitor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CriteriaMonitor.class);

	private final MigrationRegistry registry;

	private final Clock clock;

	private @Nullable ScheduledExecutorService scheduler;

	public CriteriaMonitor(MigrationRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	/**
	 * Starts ticking.
	 * @param interval how often; a bucket closes at most this late
	 */
	public synchronized void start(Duration interval) {
		if (this.scheduler != null) {
			return;
		}
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "migration-criteria");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, interval.toMillis());
		started.scheduleWithFixedDelay(this::tickSafely, millis, millis, TimeUnit.MILLISECONDS);
		this.scheduler = started;
	}

	/** Whether it ticks by itself. */
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public synchronized void close() {
		ScheduledExecutorService current = this.scheduler;
		if (current != null) {
			current.shutdownNow();
			this.scheduler = null;
		}
	}

	/** Closes the buckets that are over, judges the windows that closed one, rolls back where due. */
	public void tick() {
		Instant now = this.clock.instant();
		for (Migration migration : this.registry.all()) {
			try {
				CriteriaSettings criteria = migration.criteria();
				Rollout rollout = migration.rollout();
				if (migration.window().rotate(now, criteria.bucket(), criteria.buckets())) {
					judge(migration, rollout, criteria);
				}
			}
			catch (OutOfMemoryError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				// one migration's trouble (a listener of its rollback, say) must not stop the others' windows
				logger.error("Judging the window of migration '{}' failed; trying again on the next tick",
						migration.name(), ex);
			}
		}
	}

	private void tickSafely() {
		try {
			tick();
		}
		catch (Throwable ex) {
			// a scheduled task that throws is never run again: every gate would freeze, so keep ticking
			logger.error("Judging the windows of migrations failed; trying again on the next tick", ex);
		}
	}

	private void judge(Migration migration, Rollout rollout, CriteriaSettings criteria) {
		if (!criteria.autoRollback() || rollout.mode().primary() != Impl.NEW || rollout.basisPoints() == 0) {
			return; // at 0% only allow-listed keys are in the mode: the window judges the mode before it
		}
		long generation = migration.window().generation();
		Readiness readiness = migration.readiness(rollout.mode());
		int failing = migration.window().judged(readiness.verdict(), generation);
		if (failing < criteria.rollbackAfter()) {
			return;
		}
		String reason = failing + " failing window(s) in a row in " + rollout + ": " + readiness.describeUnmet();
		ModeChange change = migration.rollBack(rollout, readiness, reason);
		if (change == null) {
			return; // someone changed the rollout meanwhile: their change stands
		}
		logger.error("Migration '{}' rolled back by itself from {} to {}: {}", migration.name(), rollout, change.to(),
				reason);
		this.registry.listener().onRollback(migration, change, readiness);
	}

}
