package io.github.phasedmigration.core.discrepancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

	private static final long MINUTE = Duration.ofMinutes(1).toNanos();

	private final AtomicLong now = new AtomicLong(1_000);

	@Test
	void letsTheLimitThroughPerWindowThenDrops() {
		RateLimitedLog log = new RateLimitedLog(2, Duration.ofMinutes(1), this.now::get);

		assertThat(log.tryAcquire()).isZero();
		assertThat(log.tryAcquire()).isZero();
		assertThat(log.tryAcquire()).isEqualTo(-1);
		assertThat(log.tryAcquire()).isEqualTo(-1);
	}

	@Test
	void theFirstLineOfTheNextWindowSaysHowManyWereDropped() {
		RateLimitedLog log = new RateLimitedLog(1, Duration.ofMinutes(1), this.now::get);
		log.tryAcquire();
		log.tryAcquire();
		log.tryAcquire();
		log.tryAcquire();

		this.now.addAndGet(MINUTE);

		assertThat(log.tryAcquire()).as("three were dropped").isEqualTo(3);
		assertThat(log.tryAcquire()).isEqualTo(-1);
		this.now.addAndGet(MINUTE);
		assertThat(log.tryAcquire()).as("the count starts again").isEqualTo(1);
	}

	@Test
	void theWindowOnlyEndsAfterItsFullLength() {
		RateLimitedLog log = new RateLimitedLog(1, Duration.ofMinutes(1), this.now::get);
		log.tryAcquire();

		this.now.addAndGet(MINUTE - 1);
		assertThat(log.tryAcquire()).isEqualTo(-1);
		this.now.addAndGet(1);
		assertThat(log.tryAcquire()).isEqualTo(1);
	}

	@Test
	void aLimitOfZeroDropsEverything() {
		RateLimitedLog log = new RateLimitedLog(0, Duration.ofMinutes(1), this.now::get);

		assertThat(log.tryAcquire()).isEqualTo(-1);
		this.now.addAndGet(MINUTE);
		assertThat(log.tryAcquire()).isEqualTo(-1);
	}

}
