package io.github.phasedmigration.core.backfill.run;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate over the recent window and the ETA it gives. */
class ProgressTest {

	private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

	private final Progress progress = new Progress(this.clock, Duration.ofSeconds(30));

	@Test
	void aYoungRunIsMeasuredSinceItsStart() {
		this.progress.start(0, 1000);
		this.clock.advance(Duration.ofSeconds(2));
		this.progress.add(100);

		Progress.Snapshot snapshot = this.progress.snapshot();

		assertThat(snapshot.rowsDone()).isEqualTo(100);
		assertThat(snapshot.rowsPerSecond()).isEqualTo(50.0);
		assertThat(snapshot.eta()).isEqualTo(Duration.ofSeconds(18));
	}

	@Test
	void theRateFollowsTheLastThirtySecondsOnly() {
		this.progress.start(0, 10_000);
		for (int second = 1; second <= 30; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.progress.add(10);
		}
		for (int second = 31; second <= 60; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.progress.add(100);
		}

		Progress.Snapshot snapshot = this.progress.snapshot();

		assertThat(snapshot.rowsDone()).isEqualTo(3300);
		assertThat(snapshot.rowsPerSecond()).isEqualTo(100.0);
		assertThat(snapshot.eta()).isEqualTo(Duration.ofSeconds(67));
	}

	@Test
	void aResumedRunCountsEarlierRowsAsDoneButNotIntoItsRate() {
		this.progress.start(500, 1000);
		this.clock.advance(Duration.ofSeconds(10));
		this.progress.add(100);

		Progress.Snapshot snapshot = this.progress.snapshot();

		assertThat(snapshot.rowsDone()).isEqualTo(600);
		assertThat(snapshot.rowsPerSecond()).isEqualTo(10.0);
		assertThat(snapshot.eta()).isEqualTo(Duration.ofSeconds(40));
	}

	@Test
	void aStalledRunDropsToNoRateAndNoEta() {
		this.progress.start(0, 1000);
		this.clock.advance(Duration.ofSeconds(1));
		this.progress.add(100);
		this.clock.advance(Duration.ofSeconds(31));

		Progress.Snapshot snapshot = this.progress.snapshot();

		assertThat(snapshot.rowsPerSecond()).isZero();
		assertThat(snapshot.eta()).isNull();
	}

	@Test
	void noEtaWithoutATotalAndNoneBelowZeroWhenTheEstimateWasLow() {
		this.progress.start(0, -1);
		this.clock.advance(Duration.ofSeconds(1));
		this.progress.add(100);
		assertThat(this.progress.snapshot().eta()).isNull();

		this.progress.start(0, 50);
		this.clock.advance(Duration.ofSeconds(1));
		this.progress.add(100);
		assertThat(this.progress.snapshot().eta()).isEqualTo(Duration.ZERO);
	}

	@Test
	void theProgressLineSaysRowsShareRateEtaAndLastKey() {
		assertThat(ProgressLine.of("customer-source",
				new Progress.Snapshot(120_000, 200_000, 8431.2, Duration.ofMillis(9_400)), "120345"))
			.isEqualTo("Backfill of 'customer-source': 120,000 of 200,000 rows (60.0%), 8,431 rows/s, ETA 10 s, "
					+ "last key 120345");
		assertThat(ProgressLine.rows(new Progress.Snapshot(1_500, -1, 0, null))).isEqualTo("1,500 rows, 0 rows/s");
		assertThat(ProgressLine.duration(Duration.ofSeconds(200))).isEqualTo("3 min 20 s");
		assertThat(ProgressLine.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
	}

}
