package io.github.phasedmigration.core.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.Role;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.compare.ResultComparator;
import io.github.phasedmigration.core.discrepancy.MismatchCategory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class MigrationCountersTest {

	@Test
	void countsCallsByImplementationAndRole() {
		MigrationCounters counters = new MigrationCounters();
		counters.call(Impl.OLD, Role.PRIMARY, true);
		counters.call(Impl.NEW, Role.SECONDARY, false);
		counters.call(Impl.NEW, Role.PRIMARY, true);

		assertThat(counters.calls(Impl.OLD)).isEqualTo(1);
		assertThat(counters.calls(Impl.NEW)).isEqualTo(2);
		assertThat(counters.primaryCalls(Impl.NEW)).isEqualTo(1);
		assertThat(counters.errors(Impl.NEW)).isEqualTo(1);
		assertThat(counters.errors(Impl.OLD)).isZero();
	}

	@Test
	void theSnapshotUsesLowerCaseKeysForJson() {
		MigrationCounters counters = new MigrationCounters();
		counters.call(Impl.OLD, Role.PRIMARY, true);
		counters.call(Impl.NEW, Role.PRIMARY, false);
		counters.call(Impl.OLD, Role.SECONDARY, true);
		counters.comparison(ComparisonResult.MISMATCH);
		counters.mismatch(MismatchCategory.NEW_ERROR);
		counters.fallback(); // old's result went to the caller instead of new's exception
		counters.failedWrite();
		counters.failedWrite();

		Map<String, Object> snapshot = counters.snapshot();

		assertThat(snapshot).containsOnlyKeys("calls", "served", "errors", "comparisons", "discrepancies", "fallbacks",
				"failedWrites");
		assertThat(snapshot.get("calls")).isEqualTo(Map.of("old", 2L, "new", 1L));
		assertThat(snapshot.get("served")).isEqualTo(Map.of("old", 2L, "new", 0L));
		assertThat(snapshot.get("errors")).isEqualTo(Map.of("old", 0L, "new", 1L));
		assertThat(snapshot.get("comparisons")).isEqualTo(
				Map.of("match", 0L, "mismatch", 1L, "timeout", 0L, "rejected", 0L, "error", 0L));
		assertThat(snapshot.get("discrepancies")).isEqualTo(
				Map.of("value", 0L, "new-error", 1L, "old-error", 0L, "exception", 0L));
		assertThat(snapshot.get("fallbacks")).isEqualTo(1L);
		assertThat(snapshot.get("failedWrites")).isEqualTo(2L);
	}

	@Test
	void settingsNeedAPositiveTimeoutAndAComparator() {
		DeepEqualsComparator comparator = new DeepEqualsComparator();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MigrationSettings(Duration.ZERO, true, false, false, false, comparator))
			.withMessageContaining("timeout must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MigrationSettings(Duration.ofMillis(-1), true, false, false, false, comparator));
		assertThatNullPointerException()
			.isThrownBy(() -> new MigrationSettings(Duration.ofSeconds(1), true, false, false, false, null));
	}

	@Test
	void withComparatorKeepsEverythingElse() {
		MigrationSettings settings = new MigrationSettings(Duration.ofSeconds(3), false, true, true, true,
				new DeepEqualsComparator());
		ResultComparator other = (a, b) -> List.of();

		MigrationSettings copy = settings.withComparator(other);

		assertThat(copy).isEqualTo(new MigrationSettings(Duration.ofSeconds(3), false, true, true, true, other));
	}

}
