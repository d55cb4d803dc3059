package io.github.phasedmigration.core.backfill.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.backfill.Backfill;
import io.github.phasedmigration.core.backfill.BackfillCheckpoint;
import io.github.phasedmigration.core.backfill.BackfillConflictException;
import io.github.phasedmigration.core.backfill.BackfillListener;
import io.github.phasedmigration.core.backfill.BackfillSettings;
import io.github.phasedmigration.core.backfill.BackfillState;
import io.github.phasedmigration.core.backfill.BackfillStatus;
import io.github.phasedmigration.core.backfill.CheckpointStore;
import io.github.phasedmigration.core.backfill.StopSignal;
import io.github.phasedmigration.core.backfill.VerifyOptions;
import io.github.phasedmigration.core.backfill.VerifyReport;
import io.github.phasedmigration.core.backfill.verify.Verifies;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationRegistry;

/**
 * The backfills of an application: starts, pauses and resumes them, each on a thread of its own
 * while this instance holds its lease; takes over the ones whose instance died; runs verifies and
 * keeps the last report of each migration.
 *
 * <pre class="code">
 * Backfills backfills = new Backfills(List.of(customers), checkpoints, BackfillSettings.defaults(), registry,
 *         journal, "instance-1", Clock.systemUTC(), BackfillListener.NONE, Executors.defaultThreadFactory());
 * backfills.startTakeover();
 * backfills.start("customer-source", false);
 * ...
 * backfills.verify("customer-source", VerifyOptions.defaults());
 * </pre>
 */
public final class Backfills implements AutoCloseable {

	/** Name of the logger of backfills and verifies. */
	public static final String LOGGER_NAME = "io.github.phasedmigration.backfill";

	/** The span over which a run's rate is measured. */
	static final Duration RATE_WINDOW = Duration.ofSeconds(30);

	/** How long {@link #pause} and {@link #close} wait for a chunk in flight. */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private final Map<String, Backfill<?, ?>> backfills;

	private final CheckpointStore store;

	private final BackfillSettings settings;

	private final String instanceId;

	private final Clock clock;

	private final BackfillListener listener;

	private final ThreadFactory threads;

	private final RunEnvironment environment;

	private final TakeoverLoop takeover;

	private final Verifies verifies;

	private final ConcurrentMap<String, BackfillRun<?, ?>> runs = new ConcurrentHashMap<>();

	/** Notified whenever a backfill or verify ends. */
	private final Object idle = new Object();

	private volatile boolean closed;

	/**
	 * @param backfills one per migration, each of a migration the registry knows
	 * @param store checkpoints and leases
	 * @param settings how backfills run
	 * @param registry the migrations: modes and comparators
	 * @param journal the write journal, whose pending keys verify leaves out; {@code null} when there is none
	 * @param instanceId this instance's id, the owner of the leases it takes: unique among the instances
	 * that share the checkpoint store
	 * @param clock the time of checkpoints, leases, pacing and progress
	 * @param listener hears rows, states and verify reports
	 * @param threads makes the threads of backfills, verifies and the takeover loop
	 * @throws IllegalArgumentException for a backfill of a migration the registry does not know, or
	 * two backfills of one migration
	 */
	public Backfills(Collection<Backfill<?, ?>> backfills, CheckpointStore store, BackfillSettings settings,
			MigrationRegistry registry, @Nullable WriteJournal journal, String instanceId, Clock clock,
			BackfillListener listener, ThreadFactory threads) {
		if (instanceId.isBlank()) {
			throw new IllegalArgumentException("instanceId must not be blank");
		}
		Map<String, Backfill<?, ?>> byMigration = new TreeMap<>();
		for (Backfill<?, ?> backfill : backfills) {
			if (registry.find(backfill.migration()).isEmpty()) {
				throw new IllegalArgumentException("Backfill of unknown migration '" + backfill.migration()
						+ "'; known migrations: " + registry.all().stream().map(Migration::name).toList());
			}
			if (byMigration.putIfAbsent(backfill.migration(), backfill) != null) {
				throw new IllegalArgumentException(
						"Two backfills of migration '" + backfill.migration() + "'; give one per migration");
			}
		}
		this.backfills = Collections.unmodifiableMap(byMigration);
		this.store = store;
		this.settings = settings;
		this.instanceId = instanceId;
		this.clock = clock;
		this.listener = new GuardedListener(listener);
		this.threads = threads;
		this.environment = new RunEnvironment(store, settings, instanceId, clock, this.listener,
				(name) -> registry.find(name).map(Migration::effectiveMode).orElse(MigrationMode.OLD));
		this.takeover = new TakeoverLoop(this::takeOver, settings.pollInterval(), threads);
		this.verifies = new Verifies(registry, journal, clock, this.listener, threads, this::signalIdle);
	}

	/** The migrations that have a backfill, sorted. */
	public Set<String> migrations() {
		return this.backfills.keySet();
	}

	/**
	 * Starts a backfill on a thread of its own, from its checkpoint or from the first record. A
	 * completed backfill started again copies what was added after its last key.
	 * @param fromBeginning whether to forget the checkpoint and copy from the first record
	 * @return its status as it starts
	 * @throws IllegalStateException when it runs, here or on another instance
	 */
	public BackfillStatus start(String migration, boolean fromBeginning) {
		Backfill<?, ?> backfill = backfill(migration);
		requireCopyableMode(migration);
		synchronized (this) {
			checkOpen();
			if (this.runs.containsKey(migration)) {
				throw new BackfillConflictException("Backfill of '" + migration + "' is already running on this instance");
			}
			acquire(migration);
			try {
				BackfillCheckpoint previous = null;
				if (fromBeginning) {
					this.store.reset(migration);
					acquire(migration);
				}
				else {
					previous = this.store.load(migration).orElse(null);
				}
				// a store may create the checkpoint as it gives the first lease: resumed means after a key
				launch(backfill, previous, (previous != null && previous.lastKey() != null) ? "resumed" : "started");
			}
			catch (RuntimeException ex) {
				this.store.release(migration, this.instanceId);
				throw ex;
			}
		}
		return status(migration);
	}

	/**
	 * Pauses a backfill that runs here: it stops after the chunk in flight, saves PAUSED and gives up
	 * its lease. Waits up to 30 seconds for that; the status then says PAUSED, or still RUNNING when
	 * the chunk takes longer (it pauses when the chunk is done).
	 * @throws IllegalStateException when it does not run here
	 */
	public BackfillStatus pause(String migration) {
		backfill(migration);
		BackfillRun<?, ?> run = this.runs.get(migration);
		if (run == null) {
			throw new BackfillConflictException(notRunningHere(migration));
		}
		run.stop(StopSignal.Reason.PAUSE);
		try {
			run.awaitEnd(STOP_TIMEOUT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return status(migration);
	}

	/**
	 * Resumes a paused or failed backfill from its checkpoint, or one left RUNNING by an instance
	 * whose lease ran out.
	 * @throws IllegalStateException when it never started, completed, or runs
	 */
	public BackfillStatus resume(String migration) {
		backfill(migration);
		BackfillState state = this.store.load(migration)
			.map(BackfillCheckpoint::state)
			.orElse(BackfillState.NOT_STARTED);
		if (state == BackfillState.NOT_STARTED) {
			throw new BackfillConflictException("Backfill of '" + migration + "' never started: start it");
		}
		if (state == BackfillState.COMPLETED) {
			throw new BackfillConflictException("Backfill of '" + migration + "' is COMPLETED: start it to copy what was "
					+ "added after its last key, or to copy from the beginning");
		}
		return start(migration, false);
	}

	/** Where a backfill stands, as its checkpoint says, with the live rate and ETA when it runs here. */
	public BackfillStatus status(String migration) {
		backfill(migration);
		BackfillRun<?, ?> run = this.runs.get(migration);
		Optional<BackfillCheckpoint> saved = this.store.load(migration);
		if (saved.isEmpty()) {
			return new BackfillStatus(migration, BackfillState.NOT_STARTED, null, 0, -1, 0, null, run != null, null,
					null, null, null);
		}
		BackfillCheckpoint checkpoint = saved.get();
		Progress.Snapshot live = (run != null) ? run.progress() : null;
		return new BackfillStatus(migration, checkpoint.state(), checkpoint.lastKey(), checkpoint.rowsDone(),
				(live != null) ? live.rowsTotal() : checkpoint.rowsTotal(), (live != null) ? live.rowsPerSecond() : 0,
				(live != null) ? live.eta() : null, run != null, checkpoint.startedAt(), checkpoint.updatedAt(),
				checkpoint.finishedAt(), checkpoint.lastError());
	}

	/**
	 * Starts a verify of a migration on a thread of its own, with a repair when the options ask for
	 * one. Verify alone is allowed in every mode.
	 * @return the report as it starts; {@link #lastVerify} follows it chunk by chunk
	 * @throws IllegalStateException when a verify of the migration runs here, or the repair is
	 * refused: in NEW, or in REVERSE_SHADOW when the backfill cannot write old
	 */
	public VerifyReport verify(String migration, VerifyOptions options) {
		Backfill<?, ?> backfill = backfill(migration);
		checkOpen();
		return this.verifies.start(backfill, options);
	}

	/** The last report of a verify of the migration on this instance: a running one's, or the final one. */
	public Optional<VerifyReport> lastVerify(String migration) {
		backfill(migration);
		return this.verifies.last(migration);
	}

	/**
	 * Starts looking every {@code pollInterval} for backfills whose checkpoint says RUNNING but whose
	 * lease ran out (their instance died, or shut down), and resumes them here.
	 */
	public void startTakeover() {
		checkOpen();
		this.takeover.start();
	}

	/**
	 * Waits until no backfill or verify runs here.
	 * @return whether none runs; false when the timeout passed first
	 */
	public boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.idle) {
			while (!this.runs.isEmpty() || !this.verifies.idle()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.idle, left);
			}
			return true;
		}
	}

	/**
	 * Stops the takeover loop, backfills and verifies, waiting up to 30 seconds for the chunks in
	 * flight. A backfill saves its checkpoint and gives up its lease, and stays RUNNING, so that
	 * another instance or the next start goes on with it; a verify ends FAILED.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.takeover.close();
		this.runs.values().forEach((run) -> run.stop(StopSignal.Reason.CLOSE));
		this.verifies.stopAll();
		try {
			if (!awaitIdle(STOP_TIMEOUT)) {
				logger.warn("Backfills {} or verifies still run {} after shutdown started; a backfill is taken over "
						+ "once its lease has run out", this.runs.keySet(), STOP_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Takes over the backfills left RUNNING without a live lease: one look of the takeover loop. */
	public void takeOver() {
		for (Backfill<?, ?> backfill : this.backfills.values()) {
			String migration = backfill.migration();
			if (this.closed || this.runs.containsKey(migration)) {
				continue;
			}
			Optional<BackfillCheckpoint> saved = this.store.load(migration);
			if (saved.isPresent() && saved.get().state() == BackfillState.RUNNING) {
				takeOver(backfill);
			}
		}
	}

	private synchronized void takeOver(Backfill<?, ?> backfill) {
		String migration = backfill.migration();
		Instant now = this.clock.instant();
		if (this.closed || this.runs.containsKey(migration)
				|| !this.store.acquire(migration, this.instanceId, now, now.plus(this.settings.lease()))) {
			return;
		}
		try {
			// its instance may have paused or completed it since the first look, while it still held the lease
			BackfillCheckpoint current = this.store.load(migration).orElse(null);
			if (current == null || current.state() != BackfillState.RUNNING) {
				this.store.release(migration, this.instanceId);
				return;
			}
			launch(backfill, current, "taken over");
		}
		catch (RuntimeException ex) {
			this.store.release(migration, this.instanceId);
			logger.warn("Taking over the backfill of '{}' failed", migration, ex);
		}
	}

	/** Saves the first checkpoint of a run, whose lease this instance holds, and starts its thread. */
	private <K extends Comparable<? super K>, R> void launch(Backfill<K, R> backfill,
			@Nullable BackfillCheckpoint previous, String how) {
		String migration = backfill.migration();
		Instant now = this.clock.instant();
		BackfillCheckpoint first = new BackfillCheckpoint(migration, BackfillState.RUNNING,
				(previous != null) ? previous.lastKey() : null, (previous != null) ? previous.rowsDone() : 0,
				(previous != null) ? previous.rowsTotal() : -1, (previous != null) ? previous.startedAt() : now, now,
				null, null);
		BackfillRun<K, R> run = new BackfillRun<>(backfill, first, this.environment, how, this::ended);
		if (!this.store.save(first, this.instanceId, now.plus(this.settings.lease()))) {
			throw new BackfillConflictException(runningElsewhere(migration));
		}
		Thread thread = this.threads.newThread(run);
		if (thread == null) {
			throw new IllegalStateException("The thread factory " + this.threads + " made no thread");
		}
		this.runs.put(migration, run);
		this.listener.onState(migration, BackfillState.RUNNING);
		thread.start();
	}

	private void ended(BackfillRun<?, ?> run) {
		this.runs.remove(run.migration(), run);
		signalIdle();
	}

	private void signalIdle() {
		synchronized (this.idle) {
			this.idle.notifyAll();
		}
	}

	/**
	 * From REVERSE_SHADOW on, new is authoritative: copying old's rows into it could bring back rows
	 * that new deleted, which callers would then read.
	 */
	private void requireCopyableMode(String migration) {
		MigrationMode mode = this.environment.mode(migration);
		if (!BackfillRun.copyable(mode)) {
			throw new BackfillConflictException("Backfill of '" + migration + "' refused in " + mode
					+ ": from REVERSE_SHADOW on new is authoritative, and copying old's rows into it could bring back "
					+ "rows that new deleted; backfill in OLD or SHADOW");
		}
	}

	private void acquire(String migration) {
		Instant now = this.clock.instant();
		if (!this.store.acquire(migration, this.instanceId, now, now.plus(this.settings.lease()))) {
			throw new BackfillConflictException(runningElsewhere(migration));
		}
	}

	private String runningElsewhere(String migration) {
		return this.store.leaseHolder(migration, this.clock.instant())
			.map((owner) -> "Backfill of '" + migration + "' is running on instance '" + owner + "'")
			.orElse("Backfill of '" + migration + "' is running on another instance, which holds its lease");
	}

	private String notRunningHere(String migration) {
		BackfillState state = this.store.load(migration)
			.map(BackfillCheckpoint::state)
			.orElse(BackfillState.NOT_STARTED);
		String text = "Backfill of '" + migration + "' is not running on instance '" + this.instanceId + "'";
		Optional<String> holder = this.store.leaseHolder(migration, this.clock.instant());
		if (state == BackfillState.RUNNING && holder.isPresent()) {
			return text + ": it runs on instance '" + holder.get() + "'; pause it there";
		}
		return text + ": it is " + state;
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("Backfills are closed: the application shuts down");
		}
	}

	private Backfill<?, ?> backfill(String migration) {
		Backfill<?, ?> backfill = this.backfills.get(migration);
		if (backfill == null) {
			throw new IllegalArgumentException(
					"No backfill for migration '" + migration + "'; backfills: " + this.backfills.keySet());
		}
		return backfill;
	}

}
