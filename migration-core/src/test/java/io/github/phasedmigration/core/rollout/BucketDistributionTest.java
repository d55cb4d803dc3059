package io.github.phasedmigration.core.rollout;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.discrepancy.DiscrepancySettings;
import io.github.phasedmigration.core.engine.RolloutModeResolver;
import io.github.phasedmigration.core.registry.Migration;
import io.github.phasedmigration.core.registry.MigrationListener;
import io.github.phasedmigration.core.registry.MigrationRegistry;

import static io.github.phasedmigration.core.rollout.RolloutFixture.customer;
import static io.github.phasedmigration.core.rollout.RolloutFixture.read;
import static io.github.phasedmigration.core.rollout.RolloutFixture.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The canary's choice over 100,000 keys {@code customer-0} .. {@code customer-99999}: the share that
 * is in matches the percentage, the choice is sticky across instances and restarts, raising the
 * percentage only adds keys, another salt picks other keys, and the sample rate's buckets do not
 * line up with the canary's.
 *
 * <p>The bucketing is deterministic, so these tests are too; the bounds are what a uniform hash
 * would meet: a share of keys with probability {@code p} among {@code n} lies within 4 standard
 * deviations, {@code 4 * sqrt(p * (1 - p) / n)}, of {@code p}. A hash that favours some buckets
 * fails them.
 */
class BucketDistributionTest {

	private static final int KEYS = 100_000;

	private static final String SALT = "customer-source";

	private final RolloutModeResolver resolver = new RolloutModeResolver();

	/** Four standard deviations of a binomial share with probability p over {@link #KEYS} trials. */
	private static double fourSigma(double p) {
		return 4 * Math.sqrt(p * (1 - p) / KEYS);
	}

	@ParameterizedTest(name = "{0}% of 100,000 keys are in, within 4 standard deviations")
	@ValueSource(strings = { "1", "5", "10", "50" })
	void shareOfKeysInIsThePercentageWithinFourStandardDeviations(String percentage) {
		int basisPoints = Percentage.parse("percentage", percentage);
		long in = 0;
		for (int i = 0; i < KEYS; i++) {
			if (Bucketing.canaryBucket(SALT, customer(i)) < basisPoints) {
				in++;
			}
		}
		double p = basisPoints / 10_000.0;
		double share = in / (double) KEYS;
		System.out.printf("share of 100,000 keys in at %s%%: %d keys = %.3f%% (expected %s%% +- %.3f points)%n",
				percentage, in, share * 100, percentage, fourSigma(p) * 100);

		assertThat(share).isCloseTo(p, within(fourSigma(p)));
	}

	/**
	 * Every bucket is about equally likely: the chi-square statistic over the 10,000 buckets (9,999
	 * degrees of freedom, mean 9,999, standard deviation {@code sqrt(2 * 9999) = 141}) lies within 4
	 * standard deviations of its mean.
	 */
	@Test
	void bucketsAreUniformByChiSquareWithinFourStandardDeviations() {
		int[] counts = new int[Bucketing.BUCKETS];
		for (int i = 0; i < KEYS; i++) {
			counts[Bucketing.canaryBucket(SALT, customer(i))]++;
		}
		double expected = KEYS / (double) Bucketing.BUCKETS;
		double chiSquare = 0;
		for (int count : counts) {
			chiSquare += (count - expected) * (count - expected) / expected;
		}
		int degrees = Bucketing.BUCKETS - 1;
		System.out.printf("chi-square of 100,000 keys over 10,000 buckets: %.1f (%d +- %.0f)%n", chiSquare, degrees,
				4 * Math.sqrt(2.0 * degrees));

		assertThat(chiSquare).isCloseTo(degrees, within(4 * Math.sqrt(2.0 * degrees)));
	}

	@Test
	void everyKeyLandsOnTheSameSideOnTwoInstancesAndAfterARestart() {
		Rollout rollout = rollout(MigrationMode.REVERSE_SHADOW, "5", SALT);
		Migration first = RolloutFixture.migration(SALT, rollout);
		Migration second = RolloutFixture.migration(SALT, rollout);
		RolloutModeResolver otherResolver = new RolloutModeResolver();
		int in = 0;
		for (int i = 0; i < KEYS; i++) {
			String key = customer(i);
			MigrationMode onFirst = this.resolver.resolve(first, read(key));
			assertThat(otherResolver.resolve(second, read(key))).as(key).isEqualTo(onFirst);
			assertThat(this.resolver.resolve(first, read(key))).as("%s again", key).isEqualTo(onFirst);
			in += (onFirst == MigrationMode.REVERSE_SHADOW) ? 1 : 0;
		}
		// a restart: a new registry, a new resolver, the migration registered anew
		Migration restarted = RolloutFixture.migration(SALT, rollout);
		RolloutModeResolver afterRestart = new RolloutModeResolver();
		int inAfterRestart = 0;
		for (int i = 0; i < KEYS; i++) {
			String key = customer(i);
			MigrationMode mode = afterRestart.resolve(restarted, read(key));
			assertThat(mode).as(key)
				.isEqualTo((Bucketing.canaryBucket(SALT, key) < 500) ? MigrationMode.REVERSE_SHADOW
						: MigrationMode.SHADOW);
			inAfterRestart += (mode == MigrationMode.REVERSE_SHADOW) ? 1 : 0;
		}
		assertThat(inAfterRestart).isEqualTo(in);
		assertThat(in / (double) KEYS).isCloseTo(0.05, within(fourSigma(0.05)));
	}

	@Test
	void raisingThePercentageOnlyAddsKeys() {
		List<String> ladder = List.of("0", "0.01", "1", "5", "10", "25", "50", "100");
		Migration[] steps = new Migration[ladder.size()];
		for (int step = 0; step < steps.length; step++) {
			steps[step] = RolloutFixture.migration(SALT, rollout(MigrationMode.NEW, ladder.get(step), SALT));
		}
		int[] inAt = new int[steps.length];
		for (int i = 0; i < KEYS; i++) {
			String key = customer(i);
			boolean wasIn = false;
			for (int step = 0; step < steps.length; step++) {
				boolean in = this.resolver.resolve(steps[step], read(key)) == MigrationMode.NEW;
				assertThat(in || !wasIn).as("%s was in below %s%% but is out at it", key, ladder.get(step)).isTrue();
				wasIn = in;
				inAt[step] += in ? 1 : 0;
			}
		}
		assertThat(inAt[0]).as("nobody at 0%").isZero();
		assertThat(inAt[inAt.length - 1]).as("everybody at 100%").isEqualTo(KEYS);
		assertThat(inAt).isSorted();
		assertThat(inAt[1]).as("0.01%: about 10 keys").isBetween(1, 30);
	}

	@Test
	void aMigrationsSaltIsItsNameByDefault() {
		MigrationRegistry registry = new MigrationRegistry(DiscrepancySettings.DEFAULTS, new MigrationListener() {
		}, Clock.systemUTC());

		assertThat(registry.register("customer-source", MigrationMode.SHADOW, RolloutFixture.SETTINGS).rollout().salt())
			.isEqualTo("customer-source");
		assertThat(registry.register("pricing-v2", MigrationMode.SHADOW, RolloutFixture.SETTINGS).rollout().salt())
			.isEqualTo("pricing-v2");
	}

	/**
	 * Two migrations at 10% pick different customers: if the choices are independent, about
	 * {@code p * p = 1%} of the keys are in both (4 standard deviations: 0.126 points), far from the
	 * 10% that one shared choice would give.
	 */
	@Test
	void twoSaltsAtTenPercentShareAboutOnePercentOfTheKeys() {
		Migration customers = RolloutFixture.migration("customer-source",
				rollout(MigrationMode.REVERSE_SHADOW, "10", "customer-source"));
		Migration pricing = RolloutFixture.migration("pricing-v2",
				rollout(MigrationMode.REVERSE_SHADOW, "10", "pricing-v2"));
		int inCustomers = 0;
		int inPricing = 0;
		int inBoth = 0;
		for (int i = 0; i < KEYS; i++) {
			boolean a = this.resolver.resolve(customers, read(customer(i))) == MigrationMode.REVERSE_SHADOW;
			boolean b = this.resolver.resolve(pricing, read(customer(i))) == MigrationMode.REVERSE_SHADOW;
			inCustomers += a ? 1 : 0;
			inPricing += b ? 1 : 0;
			inBoth += (a && b) ? 1 : 0;
		}
		System.out.printf("salts customer-source / pricing-v2 at 10%%: %d / %d keys in, %d in both = %.3f%%%n",
				inCustomers, inPricing, inBoth, inBoth * 100.0 / KEYS);

		assertThat(inBoth / (double) KEYS).isCloseTo(0.01, within(fourSigma(0.01)));
		assertThat(inCustomers / (double) KEYS).isCloseTo(0.10, within(fourSigma(0.10)));
		assertThat(inPricing / (double) KEYS).isCloseTo(0.10, within(fourSigma(0.10)));
	}

	/**
	 * The sample rate uses seed 1: with the canary at 10% and the sample rate at 30%, about
	 * {@code 0.1 * 0.3 = 3%} of the keys are in both, and the sample's share among the canary's keys
	 * is the sample rate.
	 */
	@Test
	void sampleBucketsAreIndependentOfCanaryBuckets() {
		int inCanary = 0;
		int inSample = 0;
		int inBoth = 0;
		for (int i = 0; i < KEYS; i++) {
			boolean canary = Bucketing.canaryBucket(SALT, customer(i)) < 1_000;
			boolean sample = Bucketing.sampleBucket(SALT, customer(i)) < 3_000;
			inCanary += canary ? 1 : 0;
			inSample += sample ? 1 : 0;
			inBoth += (canary && sample) ? 1 : 0;
		}
		System.out.printf("canary 10%% / sample 30%%: %d / %d keys in, %d in both = %.3f%%%n", inCanary, inSample,
				inBoth, inBoth * 100.0 / KEYS);

		assertThat(inSample / (double) KEYS).isCloseTo(0.30, within(fourSigma(0.30)));
		assertThat(inBoth / (double) KEYS).isCloseTo(0.03, within(fourSigma(0.03)));
		double sampledAmongCanary = inBoth / (double) inCanary;
		assertThat(sampledAmongCanary).isCloseTo(0.30, within(4 * Math.sqrt(0.3 * 0.7 / inCanary)));
	}

}
