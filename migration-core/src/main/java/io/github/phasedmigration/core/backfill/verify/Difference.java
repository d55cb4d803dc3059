package io.github.phasedmigration.core.backfill.verify;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.backfill.KeyCodec;
import io.github.phasedmigration.core.backfill.VerifyDifference;

/**
 * One key whose records differ, with both sides' records as read: what verify reports and repair
 * works from.
 *
 * @param kind how they differ
 * @param key the key
 * @param oldRecord old's record; {@code null} when old holds none
 * @param newRecord new's record; {@code null} when new holds none
 * @param differences what differs, rendered
 */
record Difference<K, R>(VerifyDifference.Kind kind, K key, @Nullable R oldRecord, @Nullable R newRecord,
		List<String> differences) {

	VerifyDifference toSample(KeyCodec<K> keys) {
		return new VerifyDifference(this.kind, keys.format(this.key), this.differences);
	}

}
