package io.github.phasedmigration.autoconfigure.backfill;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillConflictException;
import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.BackfillStatus;
import io.github.phasedmigration.core.backfill.CheckpointStore;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.MigrationRegistry;

/**
 * Runs the application's backfills: builds {@link Backfills} once every migration is registered
 * (its start-up checks fail start-up), starts the look for backfills to take over and the
 * backfills named by {@code migration.backfill.start-on-startup}, and stops them all at shutdown,
 * each saving its checkpoint.
 */
public class BackfillLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog("io.github.phasedmigration.backfill");

	private final Supplier<List<Backfill<?, ?>>> definitions;

	private final CheckpointStore store;

	private final MigrationBackfillProperties properties;

	private final MigrationRegistry registry;

	private final @Nullable WriteJournal journal;

	private final String instanceId;

	private final BackfillListener listener;

	private volatile @Nullable Backfills backfills;

	public BackfillLifecycle(Supplier<List<Backfill<?, ?>>> definitions, CheckpointStore store,
			MigrationBackfillProperties properties, MigrationRegistry registry, @Nullable WriteJournal journal,
			String instanceId, BackfillListener listener) {
		this.definitions = definitions;
		this.store = store;
		this.properties = properties;
		this.registry = registry;
		this.journal = journal;
		this.instanceId = instanceId;
		this.listener = listener;
	}

	@Override
	public void start() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("migration-backfill-");
		threads.setDaemon(true);
		Backfills started = new Backfills(this.definitions.get(), this.store, this.properties.toSettings(),
				this.registry, this.journal, this.instanceId, Clock.systemUTC(), this.listener, threads);
		for (String name : this.properties.getStartOnStartup()) {
			if (!started.migrations().contains(name)) {
				started.close();
				throw new IllegalStateException("migration.backfill.start-on-startup names '" + name
						+ "', which has no Backfill bean; backfills: " + started.migrations());
			}
		}
		this.backfills = started;
		started.startTakeover();
		for (String name : this.properties.getStartOnStartup()) {
			startOnStartup(started, name);
		}
	}

	private void startOnStartup(Backfills started, String name) {
		try {
			BackfillStatus status = started.status(name);
			if (status.state() == BackfillState.COMPLETED || status.state() == BackfillState.PAUSED) {
				logger.info("Backfill of '" + name + "' is " + status.state() + ": not started at start-up");
				return;
			}
			started.start(name, false);
		}
		catch (BackfillConflictException ex) {
			logger.info("Backfill of '" + name + "' not started at start-up: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			// its database may be away: the application starts anyway, and the backfill can be started later
			logger.warn("Backfill of '" + name + "' could not be started at start-up", ex);
		}
	}

	@Override
	public void stop() {
		Backfills running = this.backfills;
		this.backfills = null;
		if (running != null) {
			running.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.backfills != null;
	}

	@Override
	public int getPhase() {
		// with the reconciler: started before the web server takes requests, stopped after it stopped
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	/** The running backfills; empty before start-up completed and once shutdown began. */
	public java.util.Optional<Backfills> running() {
		return java.util.Optional.ofNullable(this.backfills);
	}

	/** The running backfills when they hold the migration's; empty otherwise, and while starting or stopping. */
	public java.util.Optional<Backfills> runningFor(String migration) {
		return running().filter((backfills) -> backfills.migrations().contains(migration));
	}

	/**
	 * The running backfills.
	 * @throws IllegalStateException before start-up completed or after shutdown began
	 */
	public Backfills backfills() {
		Backfills running = this.backfills;
		if (running == null) {
			throw new IllegalStateException("Backfills are not running (the application is starting or stopping)");
		}
		return running;
	}

}
