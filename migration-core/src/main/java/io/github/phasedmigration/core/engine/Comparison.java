package io.github.phasedmigration.core.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.discrepancy.Discrepancy;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;
import io.github.phasedmigration.core.discrepancy.Rendering;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationSettings;

/**
 * Brings together the two outcomes of one call that ran both sides and compares them once both
 * are in. Whoever arrives second triggers the comparison; when that is the caller's side, the
 * comparison is handed to the secondary pool so that the caller does not pay for it.
 */
final class Comparison {

	private final MigrationEngine engine;

	private final Migration migration;

	private final MigrationCall call;

	private final MigrationSettings settings;

	private final AtomicInteger arrivals = new AtomicInteger();

	private volatile @Nullable Outcome primary;

	private volatile @Nullable Outcome secondary;

	private volatile @Nullable Discrepancy discrepancy;

	/** Completes once the comparison (or the timeout, or the rejection) has been counted. */
	final CompletableFuture<ComparisonResult> done = new CompletableFuture<>();

	Comparison(MigrationEngine engine, Migration migration, MigrationCall call, MigrationSettings settings) {
		this.engine = engine;
		this.migration = migration;
		this.call = call;
		this.settings = settings;
	}

	/** The primary finished; called on the caller's thread (or where its stage completed). */
	void primaryDone(Outcome outcome) {
		this.primary = outcome;
		if (this.arrivals.incrementAndGet() == 2) {
			Outcome other = Objects.requireNonNull(this.secondary);
			if (!other.finished() || this.settings.raiseOnDiscrepancy()) {
				finish(); // nothing to compare, or the caller waits for the verdict anyway
			}
			else {
				this.engine.compareOffCaller(this);
			}
		}
	}

	/** The secondary finished, timed out or was rejected. */
	void secondaryDone(Outcome outcome) {
		this.secondary = outcome;
		if (this.arrivals.incrementAndGet() == 2) {
			finish();
		}
	}

	/** The discrepancy found, when one was and it was rendered. */
	@Nullable Discrepancy discrepancy() {
		return this.discrepancy;
	}

	void finish() {
		ComparisonResult result;
		try {
			result = compare(Objects.requireNonNull(this.primary), Objects.requireNonNull(this.secondary));
		}
		catch (Throwable ex) {
			// a comparator recursing without end (a self-referencing value) is its own failure, not the JVM's
			if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
				throw error;
			}
			MigrationEngine.LOGGER.warn("Comparison of migration '{}' failed in {}", this.migration.name(),
					this.call.method(), ex);
			result = ComparisonResult.ERROR;
		}
		this.engine.comparisonCounted(this.migration, result);
		this.done.complete(result);
	}

	/** Cancels the comparison when the pool has no room for it. */
	void rejected() {
		this.engine.comparisonCounted(this.migration, ComparisonResult.REJECTED);
		this.done.complete(ComparisonResult.REJECTED);
	}

	private ComparisonResult compare(Outcome primaryOutcome, Outcome secondaryOutcome) {
		switch (secondaryOutcome.status()) {
			case TIMED_OUT:
				return ComparisonResult.TIMEOUT;
			case REJECTED:
				return ComparisonResult.REJECTED;
			default:
				break;
		}
		Outcome oldOutcome = (primaryOutcome.impl() == Impl.OLD) ? primaryOutcome : secondaryOutcome;
		Outcome newOutcome = (primaryOutcome.impl() == Impl.OLD) ? secondaryOutcome : primaryOutcome;
		MismatchCategory category;
		List<String> differences;
		if (oldOutcome.succeeded() && newOutcome.succeeded()) {
			ResultComparator comparator = (this.call.comparator() != null) ? this.call.comparator()
					: this.settings.comparator();
			differences = comparator.differences(oldOutcome.value(), newOutcome.value());
			if (differences == null || differences.isEmpty()) {
				return ComparisonResult.MATCH;
			}
			category = MismatchCategory.VALUE;
		}
		else if (!oldOutcome.succeeded() && !newOutcome.succeeded()) {
			Throwable oldError = Objects.requireNonNull(oldOutcome.error());
			Throwable newError = Objects.requireNonNull(newOutcome.error());
			if (sameException(oldError, newError)) {
				return ComparisonResult.MATCH;
			}
			category = MismatchCategory.EXCEPTION;
			differences = List.of("exception: " + describe(oldError) + " != " + describe(newError));
		}
		else if (oldOutcome.succeeded()) {
			category = MismatchCategory.NEW_ERROR;
			differences = List.of("new threw " + describe(Objects.requireNonNull(newOutcome.error()))
					+ ", old returned");
		}
		else {
			category = MismatchCategory.OLD_ERROR;
			differences = List.of("old threw " + describe(Objects.requireNonNull(oldOutcome.error()))
					+ ", new returned");
		}
		this.engine.discrepancyFound(this, this.migration, category, oldOutcome, newOutcome, differences);
		return ComparisonResult.MISMATCH;
	}

	/** Renders and keeps the discrepancy if sampled, logged or raised. */
	void record(MismatchCategory category, Outcome oldOutcome, Outcome newOutcome, List<String> differences,
			boolean log, long suppressed) {
		DiscrepancySettings discrepancySettings = this.engine.discrepancySettings();
		double sampleRate = discrepancySettings.sampleRate();
		boolean sampled = sampleRate >= 1.0 || (sampleRate > 0 && ThreadLocalRandom.current().nextDouble() < sampleRate);
		if (!sampled && !log && !this.settings.raiseOnDiscrepancy()) {
			return;
		}
		int max = discrepancySettings.maxRenderedLength();
		Discrepancy found = new Discrepancy(Instant.now(this.engine.clock()), this.migration.name(),
				this.call.method(), category, Rendering.render(this.call.arguments(), max),
				render(oldOutcome, max), render(newOutcome, max),
				differences.stream().map((difference) -> Rendering.render(difference, max)).toList());
		this.discrepancy = found;
		if (sampled) {
			this.migration.discrepancyRing().add(found);
		}
		if (log) {
			MigrationEngine.DISCREPANCY_LOGGER.warn(
					"Migration '{}' {} discrepancy in {}: arguments {}, old {}, new {}, differences {}{}",
					found.migration(), found.category().tag(), found.method(), found.arguments(), found.oldResult(),
					found.newResult(), found.differences(),
					(suppressed > 0) ? " (" + suppressed + " discrepancy log lines suppressed before this one)" : "");
		}
	}

	private boolean sameException(Throwable oldError, Throwable newError) {
		if (oldError.getClass() != newError.getClass()) {
			return false;
		}
		return !this.settings.exceptionMessagesMatter() || Objects.equals(oldError.getMessage(), newError.getMessage());
	}

	private static String render(Outcome outcome, int max) {
		return outcome.succeeded() ? Rendering.render(outcome.value(), max) : Rendering.render(outcome.error(), max);
	}

	private static String describe(Throwable error) {
		return error.getClass().getName() + ((error.getMessage() != null) ? "(" + error.getMessage() + ")" : "");
	}

}
