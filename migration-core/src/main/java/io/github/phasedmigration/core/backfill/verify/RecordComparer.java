package io.github.phasedmigration.core.backfill.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.backfill.VerifyDifference;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.discrepancy.Rendering;

/**
 * Compares the two sides' records of a key with the migration's comparator, and says how they
 * differ in the words of a discrepancy.
 */
final class RecordComparer {

	private final ResultComparator comparator;

	private final int maxLength;

	/**
	 * @param comparator the migration's comparator
	 * @param maxLength longest rendering of a record or of one difference
	 */
	RecordComparer(ResultComparator comparator, int maxLength) {
		this.comparator = comparator;
		this.maxLength = maxLength;
	}

	/** The keys whose records differ, in the order of {@code keys}. */
	<K, R> List<Difference<K, R>> differences(Collection<K> keys, Map<K, R> oldRecords, Map<K, R> newRecords) {
		List<Difference<K, R>> differences = new ArrayList<>();
		for (K key : keys) {
			Difference<K, R> difference = compare(key, oldRecords.get(key), newRecords.get(key));
			if (difference != null) {
				differences.add(difference);
			}
		}
		return differences;
	}

	/** How the records of a key differ; {@code null} when they match or neither side holds one. */
	<K, R> @Nullable Difference<K, R> compare(K key, @Nullable R oldRecord, @Nullable R newRecord) {
		if (oldRecord == null && newRecord == null) {
			return null;
		}
		if (newRecord == null) {
			return new Difference<>(VerifyDifference.Kind.ONLY_IN_OLD, key, oldRecord, null,
					List.of("only in old: " + Rendering.render(oldRecord, this.maxLength)));
		}
		if (oldRecord == null) {
			return new Difference<>(VerifyDifference.Kind.ONLY_IN_NEW, key, null, newRecord,
					List.of("only in new: " + Rendering.render(newRecord, this.maxLength)));
		}
		List<String> differences;
		try {
			differences = this.comparator.differences(oldRecord, newRecord);
		}
		catch (RuntimeException ex) {
			// counted as different, so that a person looks: repair writes the authoritative record, which is harmless
			differences = List.of("the comparator failed: " + ex);
		}
		if (differences.isEmpty()) {
			return null;
		}
		return new Difference<>(VerifyDifference.Kind.DIFFERENT, key, oldRecord, newRecord,
				differences.stream().map((difference) -> Rendering.render(difference, this.maxLength)).toList());
	}

}
