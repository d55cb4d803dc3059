package io.github.phasedmigration.core.criteria;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.ComparisonResult;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;
import io.github.phasedmigration.core.registry.MigrationSettings;
import io.github.phasedmigration.core.rollout.Rollout;
import io.github.phasedmigration.core.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sliding window: buckets close when the clock passes their end (and only then), the window
 * keeps the last N closed ones, idle time becomes empty buckets aligned to the first bucket's start,
 * and a change of mode starts it afresh.
 */
class CallWindowTest {

	private static final Instant T0 = Instant.parse("2030-01-02T03:00:00Z");

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static final long MILLIS = 1_000_000;

	private final MutableClock clock = new MutableClock(T0);

	private final CallWindow window = new CallWindow(T0);

	private void calls(Impl impl, int count, int errors) {
		for (int i = 0; i < count; i++) {
			this.window.call(impl, i >= errors, 10 * MILLIS);
		}
	}

	private boolean rotate(int buckets) {
		return this.window.rotate(this.clock.instant(), MINUTE, buckets);
	}

	@Test
	void nothingIsJudgedBeforeTheFirstBucketCloses() {
		calls(Impl.OLD, 10, 0);
		this.clock.advance(Duration.ofSeconds(59));

		assertThat(rotate(10)).isFalse();
		assertThat(this.window.stats(0.99)).isEqualTo(WindowStats.EMPTY);
	}

	@Test
	void aBucketClosesAtItsEndWithWhatItCounted() {
		calls(Impl.OLD, 10, 1);
		calls(Impl.NEW, 8, 2);
		this.window.comparison(ComparisonResult.MATCH);
		this.window.comparison(ComparisonResult.MATCH);
		this.window.comparison(ComparisonResult.MISMATCH);
		// neither a match nor a mismatch: not compared
		this.window.comparison(ComparisonResult.TIMEOUT);
		this.window.comparison(ComparisonResult.REJECTED);
		this.window.comparison(ComparisonResult.ERROR);
		this.clock.advance(MINUTE);

		assertThat(rotate(10)).isTrue();
		WindowStats stats = this.window.stats(0.99);
		assertThat(stats).isEqualTo(new WindowStats(1, T0, T0.plus(MINUTE), 10, 8, 1, 2, 2, 1,
				stats.oldLatencyMicros(), stats.newLatencyMicros()));
		assertThat(stats.oldLatencyMicros()).isBetween(9_900L, 10_100L);
		assertThat(stats.compared()).isEqualTo(3);
		assertThat(stats.discrepancyRate()).isEqualTo(1 / 3.0);
		assertThat(stats.errorRate(Impl.NEW)).isEqualTo(0.25);
		assertThat(rotate(10)).as("the next bucket is not over yet").isFalse();
	}

	@Test
	void theWindowKeepsOnlyTheLastNClosedBuckets() {
		for (int bucket = 1; bucket <= 5; bucket++) {
			calls(Impl.OLD, bucket, 0); // bucket k counts k calls
			this.clock.advance(MINUTE);
			assertThat(rotate(3)).isTrue();
		}

		WindowStats stats = this.window.stats(0.99);
		assertThat(stats.buckets()).isEqualTo(3);
		assertThat(stats.oldCalls()).as("buckets 3, 4 and 5").isEqualTo(3 + 4 + 5);
		assertThat(stats.from()).isEqualTo(T0.plus(MINUTE.multipliedBy(2)));
		assertThat(stats.to()).isEqualTo(T0.plus(MINUTE.multipliedBy(5)));
	}

	@Test
	void afterAnIdleSpellTheMissedBucketsCloseEmptyAndStayAligned() {
		calls(Impl.OLD, 7, 0);
		this.clock.advance(Duration.ofSeconds(150)); // 2.5 buckets without a rotation

		assertThat(rotate(5)).isTrue();
		WindowStats stats = this.window.stats(0.99);
		assertThat(stats.buckets()).as("the bucket with the calls and one empty one").isEqualTo(2);
		assertThat(stats.oldCalls()).isEqualTo(7);
		assertThat(stats.to()).isEqualTo(T0.plus(MINUTE.multipliedBy(2)));

		calls(Impl.OLD, 1, 0); // in the bucket from 2 to 3 minutes
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(rotate(5)).as("2:59 is still in the running bucket").isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(rotate(5)).isTrue();
		stats = this.window.stats(0.99);
		assertThat(stats.buckets()).isEqualTo(3);
		assertThat(stats.oldCalls()).isEqualTo(8);
		assertThat(stats.to()).isEqualTo(T0.plus(MINUTE.multipliedBy(3)));
	}

	@Test
	void aLongIdleSpellLeavesAWindowOfEmptyBuckets() {
		calls(Impl.OLD, 1_000, 0);
		calls(Impl.NEW, 1_000, 1_000);
		this.clock.advance(Duration.ofHours(3).plusSeconds(10));

		assertThat(rotate(10)).isTrue();
		WindowStats stats = this.window.stats(0.99);
		assertThat(stats.buckets()).isEqualTo(10);
		assertThat(stats.oldCalls()).isZero();
		assertThat(stats.newErrors()).as("the failures of three hours ago are out of the window").isZero();
		assertThat(stats.from()).isEqualTo(T0.plus(Duration.ofMinutes(170)));
		assertThat(stats.to()).isEqualTo(T0.plus(Duration.ofMinutes(180)));
		assertThat(SuccessCriteria.judge(stats, CriteriaSettings.DEFAULTS, MigrationMode.NEW).verdict())
			.isEqualTo(Verdict.INCONCLUSIVE);
	}

	@Test
	void resetForgetsTheClosedBucketsTheRunningOneAndTheFailingStreak() {
		calls(Impl.NEW, 10, 10);
		this.clock.advance(MINUTE);
		rotate(10);
		assertThat(this.window.judged(Verdict.FAIL)).isOne();
		calls(Impl.NEW, 5, 5); // in the running bucket
		this.clock.advance(Duration.ofSeconds(20));

		this.window.reset(this.clock.instant());

		assertThat(this.window.stats(0.99)).isEqualTo(WindowStats.EMPTY);
		assertThat(this.window.failingWindows()).isZero();
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(rotate(10)).as("the first bucket after a reset starts at the reset").isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(rotate(10)).isTrue();
		WindowStats stats = this.window.stats(0.99);
		assertThat(stats.newCalls()).as("the calls before the reset are gone").isZero();
		assertThat(stats.from()).isEqualTo(T0.plusSeconds(80));
	}

	@Test
	void judgedCountsFailingWindowsInARowAndAnyOtherVerdictBreaksTheRow() {
		assertThat(this.window.judged(Verdict.FAIL)).isEqualTo(1);
		assertThat(this.window.judged(Verdict.FAIL)).isEqualTo(2);
		assertThat(this.window.judged(Verdict.PASS)).isZero();
		assertThat(this.window.judged(Verdict.FAIL)).isEqualTo(1);
		assertThat(this.window.judged(Verdict.INCONCLUSIVE)).isZero();
		assertThat(this.window.failingWindows()).isZero();
	}

	@Test
	void aModeChangeThroughOverrideEmptiesTheMigrationsWindow() {
		MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS, new MigrationListener() {
		}, this.clock);
		Migration migration = registry.register("customer-source", MigrationMode.REVERSE_SHADOW,
				new MigrationSettings(Duration.ofMillis(500), true, false, false, false, new DeepEqualsComparator()));
		CallWindow window = migration.window();
		window.call(Impl.NEW, false, MILLIS);
		this.clock.advance(MINUTE);
		window.rotate(this.clock.instant(), MINUTE, 10);
		window.judged(Verdict.FAIL);
		window.call(Impl.NEW, false, MILLIS);
		assertThat(window.stats(0.99).newCalls()).isOne();

		// same mode, another percentage: the evidence still holds
		migration.override(Rollout.full(MigrationMode.REVERSE_SHADOW, "customer-source").with(MigrationMode.REVERSE_SHADOW,
				5_000), "actuator", "alice", null, false, Map.of());
		assertThat(window.stats(0.99).newCalls()).isOne();
		assertThat(window.failingWindows()).isOne();

		this.clock.advance(Duration.ofSeconds(30));
		migration.override(MigrationMode.NEW, "actuator", "alice", "go");

		assertThat(migration.window()).isSameAs(window);
		assertThat(window.stats(0.99)).isEqualTo(WindowStats.EMPTY);
		assertThat(window.failingWindows()).isZero();
		this.clock.advance(MINUTE);
		window.rotate(this.clock.instant(), MINUTE, 10);
		assertThat(window.stats(0.99).newCalls()).as("the running bucket was dropped too").isZero();
		assertThat(window.stats(0.99).from()).isEqualTo(T0.plusSeconds(90));

		// and so does a reset of the override back to the declared mode
		window.call(Impl.OLD, true, MILLIS);
		this.clock.advance(MINUTE);
		window.rotate(this.clock.instant(), MINUTE, 10);
		assertThat(window.stats(0.99).oldCalls()).isOne();
		migration.resetOverride("actuator", "bob", "back");
		assertThat(window.stats(0.99)).isEqualTo(WindowStats.EMPTY);
		assertThat(migration.rollout()).isEqualTo(new Rollout(MigrationMode.REVERSE_SHADOW, 10_000, "customer-source",
				Set.of(), 10_000));
	}

	@Test
	void aVerdictTakenBeforeAResetDoesNotStartTheNextModesRow() {
		long before = this.window.generation();
		this.window.reset(T0.plusSeconds(1));

		assertThat(this.window.judged(Verdict.FAIL, before)).as("taken on the old mode's window").isZero();
		assertThat(this.window.failingWindows()).isZero();
		assertThat(this.window.judged(Verdict.FAIL, this.window.generation())).isOne();
	}

}
