package io.github.phasedmigration.core.backfill.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.phasedmigration.core.backfill.Sleeper;
import io.github.phasedmigration.core.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** The pacer's waits, on a clock that only moves when the test or the fake sleeper moves it. */
class PacerTest {

	private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

	/** Every wait asked for; each moves the clock as a real one would. */
	private final List<Duration> waits = new ArrayList<>();

	private final Sleeper sleeper = (duration) -> {
		this.waits.add(duration);
		this.clock.advance(duration);
	};

	@Test
	void withoutALimitItNeverWaits() throws InterruptedException {
		Pacer pacer = new Pacer(0, 1000, this.clock, this.sleeper);

		pacer.awaitTurn(0);
		pacer.awaitTurn(1_000_000);

		assertThat(this.waits).isEmpty();
	}

	@Test
	void waitsUntilTheRowsOfTheRunOverItsTimeAreAtMostTheRate() throws InterruptedException {
		Pacer pacer = new Pacer(100, 50, this.clock, this.sleeper);

		pacer.awaitTurn(0);
		assertThat(this.waits).as("the first chunk goes at once").isEmpty();

		this.clock.advance(Duration.ofMillis(100)); // the first chunk of 50 took 0.1 s; at 100 rows/s it may take 0.5 s
		pacer.awaitTurn(50);
		assertThat(this.waits).containsExactly(Duration.ofMillis(400));

		this.clock.advance(Duration.ofMillis(600)); // a slow chunk: 100 rows in 1.1 s, under the rate
		pacer.awaitTurn(100);
		assertThat(this.waits).as("no wait while behind the rate").hasSize(1);

		pacer.awaitTurn(150); // 150 rows are due at 1.5 s
		assertThat(this.waits).containsExactly(Duration.ofMillis(400), Duration.ofMillis(400));
	}

	@Test
	void aFractionalRateWaitsToTheNanosecond() {
		Pacer pacer = new Pacer(3, 1, this.clock, this.sleeper);

		assertThat(pacer.waitBefore(1)).isEqualTo(Duration.ofNanos(333_333_334));
	}

	@Test
	void aClockThatGoesBackCostsAtMostOneChunksTimeAtTheRate() throws InterruptedException {
		Pacer pacer = new Pacer(100, 50, this.clock, this.sleeper);

		this.clock.advance(Duration.ofHours(-1));
		pacer.awaitTurn(50);

		assertThat(this.waits).containsExactly(Duration.ofMillis(500));
	}

}
