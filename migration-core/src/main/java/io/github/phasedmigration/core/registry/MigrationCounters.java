package io.github.phasedmigration.core.registry;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;

/** The counters of one migration since start-up; cheap to increment from many threads. */
public final class MigrationCounters {

	private final EnumMap<Impl, LongAdder> calls = adders(Impl.class);

	private final EnumMap<Impl, LongAdder> primaryCalls = adders(Impl.class);

	private final EnumMap<Impl, LongAdder> errors = adders(Impl.class);

	private final EnumMap<ComparisonResult, LongAdder> comparisons = adders(ComparisonResult.class);

	private final EnumMap<MismatchCategory, LongAdder> mismatches = adders(MismatchCategory.class);

	private final LongAdder fallbacks = new LongAdder();

	private final LongAdder failedWrites = new LongAdder();

	public void call(Impl impl, Role role, boolean success) {
		this.calls.get(impl).increment();
		if (role == Role.PRIMARY) {
			this.primaryCalls.get(impl).increment();
		}
		if (!success) {
			this.errors.get(impl).increment();
		}
	}

	public void comparison(ComparisonResult result) {
		this.comparisons.get(result).increment();
	}

	public void mismatch(MismatchCategory category) {
		this.mismatches.get(category).increment();
	}

	/** A fallback: old's result went to the caller instead of new's exception. */
	public void fallback() {
		this.fallbacks.increment();
		this.primaryCalls.get(Impl.NEW).decrement();
		this.primaryCalls.get(Impl.OLD).increment();
	}

	public void failedWrite() {
		this.failedWrites.increment();
	}

	/** Finished runs of an implementation, in either role. */
	public long calls(Impl impl) {
		return this.calls.get(impl).sum();
	}

	/**
	 * Runs of an implementation whose result (or exception) went to the caller; a REVERSE_SHADOW
	 * fallback counts for old.
	 */
	public long primaryCalls(Impl impl) {
		return this.primaryCalls.get(impl).sum();
	}

	public long errors(Impl impl) {
		return this.errors.get(impl).sum();
	}

	public long comparisons(ComparisonResult result) {
		return this.comparisons.get(result).sum();
	}

	public long mismatches(MismatchCategory category) {
		return this.mismatches.get(category).sum();
	}

	public long fallbacks() {
		return this.fallbacks.sum();
	}

	public long failedWrites() {
		return this.failedWrites.sum();
	}

	/** A snapshot as nested maps with lower-case keys, for JSON. */
	public Map<String, Object> snapshot() {
		Map<String, Object> snapshot = new LinkedHashMap<>();
		snapshot.put("calls", byTag(this.calls));
		snapshot.put("served", byTag(this.primaryCalls));
		snapshot.put("errors", byTag(this.errors));
		Map<String, Long> comparisonCounts = new LinkedHashMap<>();
		this.comparisons.forEach((result, adder) -> comparisonCounts.put(result.tag(), adder.sum()));
		snapshot.put("comparisons", comparisonCounts);
		Map<String, Long> mismatchCounts = new LinkedHashMap<>();
		this.mismatches.forEach((category, adder) -> mismatchCounts.put(category.tag(), adder.sum()));
		snapshot.put("discrepancies", mismatchCounts);
		snapshot.put("fallbacks", fallbacks());
		snapshot.put("failedWrites", failedWrites());
		return snapshot;
	}

	private static Map<String, Long> byTag(EnumMap<Impl, LongAdder> adders) {
		Map<String, Long> result = new LinkedHashMap<>();
		adders.forEach((impl, adder) -> result.put(impl.tag(), adder.sum()));
		return result;
	}

	private static <E extends Enum<E>> EnumMap<E, LongAdder> adders(Class<E> type) {
		EnumMap<E, LongAdder> map = new EnumMap<>(type);
		for (E constant : type.getEnumConstants()) {
			map.put(constant, new LongAdder());
		}
		return map;
	}

}
