package io.github.phasedmigration.core.registry;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.criteria.CallWindow;
import io.github.phasedmigration.core.criteria.CriteriaSettings;
import io.github.phasedmigration.core.criteria.Readiness;
import io.github.phasedmigration.core.criteria.SuccessCriteria;
import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.discrepancy.DiscrepancyRing;
import io.github.phasedmigration.core.discrepancy.RateLimitedLog;
import io.github.phasedmigration.core.rollout.Percentage;
import io.github.phasedmigration.core.rollout.Rollout;

/**
 * The runtime state of one migration: its declared rollout (mode, percentage, allow-list, sample
 * rate, from configuration), an optional override (from the Actuator endpoint or an automatic
 * rollback, wins until reset), settings, success criteria and their window, counters, recent
 * discrepancies and the history of changes.
 *
 * <p>Reading the rollout is a volatile read; changes are serialized and recorded in the
 * {@link MigrationHistory}. A change of the effective mode starts the window afresh: a new mode
 * needs its own evidence.
 */
public final class Migration {

	private static final Logger LOGGER = LoggerFactory.getLogger(MigrationRegistry.LOGGER_NAME);

	/** How many changes the default in-memory history keeps per migration. */
	public static final int HISTORY_SIZE = InMemoryMigrationHistory.DEFAULT_LIMIT;

	private final String name;

	private final Clock clock;

	private final Consumer<ModeChange> changeListener;

	private final MigrationCounters counters = new MigrationCounters();

	private final DiscrepancyRing discrepancies;

	private final RateLimitedLog discrepancyLog;

	private final MigrationHistory history;

	private final CallWindow window;

	private volatile MigrationSettings settings;

	private volatile CriteriaSettings criteria = CriteriaSettings.DEFAULTS;

	private volatile Rollout declared;

	private volatile @Nullable Rollout override;

	private volatile Rollout effective;

	Migration(String name, Rollout declared, MigrationSettings settings, DiscrepancyRing discrepancies,
			RateLimitedLog discrepancyLog, Clock clock, MigrationHistory history, Consumer<ModeChange> changeListener) {
		this.name = Objects.requireNonNull(name, "name");
		this.declared = Objects.requireNonNull(declared, "declared");
		this.effective = declared;
		this.settings = Objects.requireNonNull(settings, "settings");
		this.discrepancies = discrepancies;
		this.discrepancyLog = discrepancyLog;
		this.clock = clock;
		this.history = history;
		this.changeListener = changeListener;
		this.window = new CallWindow(clock.instant());
		record(new ModeChange(clock.instant(), declared.mode(), declared.mode(), declared.percentage(),
				declared.percentage(), "config", "start", null, "declared at start-up", false, Map.of()));
	}

	public String name() {
		return this.name;
	}

	/** The mode from configuration. */
	public MigrationMode declaredMode() {
		return this.declared.mode();
	}

	/** The runtime override's mode, if one is set. */
	public @Nullable MigrationMode overrideMode() {
		Rollout current = this.override;
		return (current != null) ? current.mode() : null;
	}

	/** The configured mode of calls now: the override's when set, the declared one otherwise. */
	public MigrationMode effectiveMode() {
		return this.effective.mode();
	}

	/** The rollout from configuration. */
	public Rollout declaredRollout() {
		return this.declared;
	}

	/** The runtime override, if one is set. */
	public @Nullable Rollout overrideRollout() {
		return this.override;
	}

	/** The rollout calls get now: the override when set, the declared one otherwise. */
	public Rollout rollout() {
		return this.effective;
	}

	public MigrationSettings settings() {
		return this.settings;
	}

	/** The success criteria and the automatic rollback's settings. */
	public CriteriaSettings criteria() {
		return this.criteria;
	}

	/** The window the success criteria judge. */
	public CallWindow window() {
		return this.window;
	}

	/** How the window meets the success criteria of a mode. */
	public Readiness readiness(MigrationMode target) {
		CriteriaSettings current = this.criteria;
		return SuccessCriteria.judge(this.window.stats(current.latencyPercentile()), current, target);
	}

	public MigrationCounters counters() {
		return this.counters;
	}

	/** The most recent discrepancies, newest first. */
	public List<Discrepancy> recentDiscrepancies() {
		return this.discrepancies.recent();
	}

	public DiscrepancyRing discrepancyRing() {
		return this.discrepancies;
	}

	public RateLimitedLog discrepancyLog() {
		return this.discrepancyLog;
	}

	/** The recorded changes, oldest first, as many as the history keeps. */
	public List<ModeChange> history() {
		return this.history.changes(this.name);
	}

	/** Replaces the settings; calls already running keep the ones they started with. */
	public void updateSettings(MigrationSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings");
	}

	/** Replaces the success criteria; the window keeps what it counted. */
	public void updateCriteria(CriteriaSettings criteria) {
		this.criteria = Objects.requireNonNull(criteria, "criteria");
	}

	/**
	 * Sets the declared mode, as configuration says; percentage, allow-list and sample rate stay.
	 * @param mode the mode
	 * @param source {@code config} or {@code refresh}
	 * @return the recorded change, or {@code null} when the mode was already declared
	 */
	public @Nullable ModeChange declare(MigrationMode mode, String source) {
		Objects.requireNonNull(mode, "mode");
		Rollout current = this.declared;
		return declare(current.with(mode, current.basisPoints()), source);
	}

	/**
	 * Sets the declared rollout, as configuration says.
	 * @param rollout the mode, percentage, salt, allow-list and sample rate
	 * @param source {@code config} or {@code refresh}
	 * @return the recorded change, or {@code null} when it was already declared
	 */
	public @Nullable ModeChange declare(Rollout rollout, String source) {
		return declare(rollout, source, false, Map.of());
	}

	/**
	 * Sets the declared rollout, as configuration says, recording whether it steps forward past
	 * unmet success criteria.
	 * @param rollout the mode, percentage, salt, allow-list and sample rate
	 * @param source {@code config} or {@code refresh}
	 * @param forced whether it steps forward past unmet success criteria
	 * @param measurements the measured values behind it, by criterion
	 * @return the recorded change, or {@code null} when it was already declared
	 */
	public @Nullable ModeChange declare(Rollout rollout, String source, boolean forced,
			Map<String, String> measurements) {
		Objects.requireNonNull(rollout, "rollout");
		ModeChange change;
		synchronized (this) {
			if (rollout.equals(this.declared)) {
				return null;
			}
			this.declared = rollout;
			Rollout current = this.override;
			String reason = (current != null)
					? "declared " + rollout + "; the override " + current + " stays in effect" : null;
			change = apply(source, "declare", null, reason, forced, measurements);
		}
		notifyListener(change);
		return change;
	}

	/**
	 * Overrides the declared mode for all calls until {@link #resetOverride} is called; the
	 * declared allow-list and sample rate stay.
	 * @param mode the mode
	 * @param source where the request came from
	 * @param principal who asked, if known
	 * @param reason why, if given
	 * @return the recorded change
	 */
	public ModeChange override(MigrationMode mode, String source, @Nullable String principal,
			@Nullable String reason) {
		Objects.requireNonNull(mode, "mode");
		return override(this.declared.with(mode, Percentage.FULL), source, principal, reason, false, Map.of());
	}

	/**
	 * Overrides the declared rollout until {@link #resetOverride} is called.
	 * @param rollout the rollout
	 * @param source where the request came from
	 * @param principal who asked, if known
	 * @param reason why, if given
	 * @param forced whether it steps forward past unmet success criteria
	 * @param measurements the measured values behind it, by criterion
	 * @return the recorded change
	 */
	public ModeChange override(Rollout rollout, String source, @Nullable String principal, @Nullable String reason,
			boolean forced, Map<String, String> measurements) {
		Objects.requireNonNull(rollout, "rollout");
		return Objects.requireNonNull(
				setOverride(null, rollout, source, "override", principal, reason, forced, measurements));
	}

	/**
	 * Overrides the declared rollout when the effective one is still the one a decision was taken
	 * on, such as a switch judged ready on its window.
	 * @param expected the effective rollout the decision saw
	 * @return the recorded change, or {@code null} when the rollout changed in between (nothing
	 * changed then)
	 */
	public @Nullable ModeChange overrideIf(Rollout expected, Rollout rollout, String source,
			@Nullable String principal, @Nullable String reason, boolean forced, Map<String, String> measurements) {
		Objects.requireNonNull(expected, "expected");
		Objects.requireNonNull(rollout, "rollout");
		return setOverride(expected, rollout, source, "override", principal, reason, forced, measurements);
	}

	/**
	 * Drops the override when the effective rollout is still the one a decision was taken on.
	 * @param expected the effective rollout the decision saw
	 * @return the recorded change, or {@code null} when there was no override or the rollout changed
	 * in between
	 */
	public @Nullable ModeChange resetOverrideIf(Rollout expected, String source, @Nullable String principal,
			@Nullable String reason, boolean forced, Map<String, String> measurements) {
		Objects.requireNonNull(expected, "expected");
		return setOverride(expected, null, source, "reset", principal, reason, forced, measurements);
	}

	/**
	 * Steps back one mode, for all calls, when the rollout is still the one that was judged.
	 * @param judged the rollout whose window failed
	 * @param readiness the judgement, kept with the change
	 * @param reason why, in words
	 * @return the recorded change, or {@code null} when someone changed the rollout in between
	 */
	public @Nullable ModeChange rollBack(Rollout judged, Readiness readiness, String reason) {
		if (judged.mode() == MigrationMode.OLD) {
			return null;
		}
		return setOverride(judged, judged.with(judged.mode().previous(), Percentage.FULL), "auto-rollback", "rollback",
				null, reason, false, readiness.measurements());
	}

	/**
	 * Drops the override: the declared rollout applies again.
	 * @return the recorded change, or {@code null} when there was no override
	 */
	public @Nullable ModeChange resetOverride(String source, @Nullable String principal, @Nullable String reason) {
		return setOverride(null, null, source, "reset", principal, reason, false, Map.of());
	}

	/**
	 * Sets or drops the override, recorded and then passed to the listener.
	 * @param expected the effective rollout the change was decided on; {@code null} for any
	 * @param rollout the new override; {@code null} drops it
	 * @return the recorded change, or {@code null} when the effective rollout is not the expected
	 * one, or there is no override to drop
	 */
	private @Nullable ModeChange setOverride(@Nullable Rollout expected, @Nullable Rollout rollout, String source,
			String action, @Nullable String principal, @Nullable String reason, boolean forced,
			Map<String, String> measurements) {
		ModeChange change;
		synchronized (this) {
			if ((expected != null && !expected.equals(this.effective)) || (rollout == null && this.override == null)) {
				return null;
			}
			this.override = rollout;
			change = apply(source, action, principal, reason, forced, measurements);
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
			Rollout current = this.effective;
			ModeChange change = new ModeChange(this.clock.instant(), current.mode(), current.mode(),
					current.percentage(), current.percentage(), source, action, principal, reason, false, Map.of());
			record(change);
			return change;
		}
	}

	private void record(ModeChange change) {
		try {
			this.history.record(this.name, change);
		}
		catch (RuntimeException ex) {
			LOGGER.error("History of migration '{}' could not keep {}", this.name, change, ex);
		}
	}

	private ModeChange apply(String source, String action, @Nullable String principal, @Nullable String reason,
			boolean forced, Map<String, String> measurements) {
		Rollout from = this.effective;
		Rollout current = this.override;
		Rollout to = (current != null) ? current : this.declared;
		this.effective = to;
		if (from.mode() != to.mode()) {
			this.window.reset(this.clock.instant());
		}
		ModeChange change = new ModeChange(this.clock.instant(), from.mode(), to.mode(), from.percentage(),
				to.percentage(), source, action, principal, reason, forced, measurements, rolloutChanges(from, to));
		record(change);
		return change;
	}

	/** What changed besides the mode and the percentage, so that the history and the audit show it. */
	private static Map<String, String> rolloutChanges(Rollout from, Rollout to) {
		Map<String, String> changes = new LinkedHashMap<>();
		if (!from.allowList().equals(to.allowList())) {
			changes.put("allowList", new TreeSet<>(from.allowList()) + " -> " + new TreeSet<>(to.allowList()));
		}
		if (from.sampleBasisPoints() != to.sampleBasisPoints()) {
			changes.put("sampleRate", from.sampleRate() + " -> " + to.sampleRate());
		}
		if (!from.salt().equals(to.salt())) {
			changes.put("salt", from.salt() + " -> " + to.salt());
		}
		return changes;
	}

	private void notifyListener(ModeChange change) {
		try {
			this.changeListener.accept(change);
		}
		catch (RuntimeException ex) {
			LOGGER.warn("Mode change listener of migration '{}' failed", this.name, ex);
		}
	}

	@Override
	public String toString() {
		return "Migration[" + this.name + ", " + this.effective + "]";
	}

}
