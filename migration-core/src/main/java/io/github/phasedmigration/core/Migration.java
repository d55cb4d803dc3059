package io.github.phasedmigration.core;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.discrepancy.DiscrepancyRing;
import io.github.phasedmigration.core.discrepancy.RateLimitedLog;

/**
 * The runtime state of one migration: its declared mode (from configuration), an optional
 * override (from the Actuator endpoint, wins until reset), settings, counters, recent
 * discrepancies and the history of mode changes.
 *
 * <p>Reading the mode is a volatile read; changes are serialized and recorded.
 */
public final class Migration {

	/** How many mode changes the in-memory history keeps. */
	public static final int HISTORY_SIZE = 100;

	private final String name;

	private final Clock clock;

	private final Consumer<ModeChange> changeListener;

	private final MigrationCounters counters = new MigrationCounters();

	private final DiscrepancyRing discrepancies;

	private final RateLimitedLog discrepancyLog;

	private final Deque<ModeChange> history = new ArrayDeque<>();

	private volatile MigrationSettings settings;

	private volatile MigrationMode declaredMode;

	private volatile @Nullable MigrationMode overrideMode;

	private volatile MigrationMode effectiveMode;

	Migration(String name, MigrationMode declaredMode, MigrationSettings settings, DiscrepancyRing discrepancies,
			RateLimitedLog discrepancyLog, Clock clock, Consumer<ModeChange> changeListener) {
		this.name = Objects.requireNonNull(name, "name");
		this.declaredMode = Objects.requireNonNull(declaredMode, "declaredMode");
		this.effectiveMode = declaredMode;
		this.settings = Objects.requireNonNull(settings, "settings");
		this.discrepancies = discrepancies;
		this.discrepancyLog = discrepancyLog;
		this.clock = clock;
		this.changeListener = changeListener;
		this.history.add(new ModeChange(clock.instant(), declaredMode, declaredMode, "config", "start", null,
				"declared at start-up"));
	}

	public String name() {
		return this.name;
	}

	/** The mode from configuration. */
	public MigrationMode declaredMode() {
		return this.declaredMode;
	}

	/** The runtime override, if one is set. */
	public @Nullable MigrationMode overrideMode() {
		return this.overrideMode;
	}

	/** The mode calls get now: the override when set, the declared mode otherwise. */
	public MigrationMode effectiveMode() {
		return this.effectiveMode;
	}

	public MigrationSettings settings() {
		return this.settings;
	}

	public MigrationCounters counters() {
		return this.counters;
	}

	/** The most recent discrepancies, newest first. */
	public List<Discrepancy> recentDiscrepancies() {
		return this.discrepancies.recent();
	}

	DiscrepancyRing discrepancyRing() {
		return this.discrepancies;
	}

	RateLimitedLog discrepancyLog() {
		return this.discrepancyLog;
	}

	/** The recorded mode changes, oldest first, at most {@value #HISTORY_SIZE}. */
	public synchronized List<ModeChange> history() {
		return new ArrayList<>(this.history);
	}

	/** Replaces the settings; calls already running keep the ones they started with. */
	public void updateSettings(MigrationSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings");
	}

	/**
	 * Sets the declared mode, as configuration says.
	 * @param mode the mode
	 * @param source {@code config} or {@code refresh}
	 * @return the recorded change, or {@code null} when the mode was already declared
	 */
	public @Nullable ModeChange declare(MigrationMode mode, String source) {
		Objects.requireNonNull(mode, "mode");
		ModeChange change;
		synchronized (this) {
			if (mode == this.declaredMode) {
				return null;
			}
			this.declaredMode = mode;
			String reason = (this.overrideMode != null)
					? "declared mode is now " + mode + "; the override " + this.overrideMode + " stays in effect" : null;
			change = apply(source, "declare", null, reason);
		}
		notifyListener(change);
		return change;
	}

	/**
	 * Overrides the declared mode until {@link #resetOverride} is called.
	 * @param mode the mode
	 * @param source where the request came from
	 * @param principal who asked, if known
	 * @param reason why, if given
	 * @return the recorded change
	 */
	public ModeChange override(MigrationMode mode, String source, @Nullable String principal,
			@Nullable String reason) {
		ModeChange change;
		synchronized (this) {
			this.overrideMode = Objects.requireNonNull(mode, "mode");
			change = apply(source, "override", principal, reason);
		}
		notifyListener(change);
		return change;
	}

	/**
	 * Drops the override: the declared mode applies again.
	 * @return the recorded change, or {@code null} when there was no override
	 */
	public @Nullable ModeChange resetOverride(String source, @Nullable String principal, @Nullable String reason) {
		ModeChange change;
		synchronized (this) {
			if (this.overrideMode == null) {
				return null;
			}
			this.overrideMode = null;
			change = apply(source, "reset", principal, reason);
		}
		notifyListener(change);
		return change;
	}

	/**
	 * Records an action on the migration that leaves its mode as it is, such as retrying or
	 * discarding parked journal entries.
	 * @param source where the request came from
	 * @param action what was done, e.g. {@code journal-discard}
	 * @param principal who asked, if known
	 * @param reason why, and what it touched
	 * @return the recorded entry
	 */
	public ModeChange recordAction(String source, String action, @Nullable String principal,
			@Nullable String reason) {
		synchronized (this) {
			MigrationMode mode = this.effectiveMode;
			ModeChange change = new ModeChange(this.clock.instant(), mode, mode, source, action, principal, reason);
			addToHistory(change);
			return change;
		}
	}

	private void addToHistory(ModeChange change) {
		if (this.history.size() == HISTORY_SIZE) {
			this.history.removeFirst();
		}
		this.history.addLast(change);
	}

	private ModeChange apply(String source, String action, @Nullable String principal, @Nullable String reason) {
		MigrationMode from = this.effectiveMode;
		MigrationMode override = this.overrideMode;
		MigrationMode to = (override != null) ? override : this.declaredMode;
		this.effectiveMode = to;
		ModeChange change = new ModeChange(this.clock.instant(), from, to, source, action, principal, reason);
		addToHistory(change);
		return change;
	}

	private void notifyListener(ModeChange change) {
		try {
			this.changeListener.accept(change);
		}
		catch (RuntimeException ex) {
			MigrationEngine.LOGGER.warn("Mode change listener of migration '{}' failed", this.name, ex);
		}
	}

	@Override
	public String toString() {
		return "Migration[" + this.name + ", mode=" + this.effectiveMode + "]";
	}

}
