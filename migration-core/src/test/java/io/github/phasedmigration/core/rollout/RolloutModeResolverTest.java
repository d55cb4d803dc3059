package io.github.phasedmigration.core.rollout;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.core.CallKey;
import io.github.phasedmigration.core.MigrationMode;
import io.github.phasedmigration.core.engine.MigrationCall;
import io.github.phasedmigration.core.engine.RolloutModeResolver;
import io.github.phasedmigration.core.registry.Migration;

import static io.github.phasedmigration.core.rollout.RolloutFixture.customer;
import static io.github.phasedmigration.core.rollout.RolloutFixture.read;
import static io.github.phasedmigration.core.rollout.RolloutFixture.rollout;
import static io.github.phasedmigration.core.rollout.RolloutFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract's "Rollout inside a mode": the allow-list, the previous mode for the keys that are
 * out, random choice without a key, the sample rate of SHADOW reads, and writes never sampled out.
 *
 * <p>Calls without a usable key are chosen with {@code ThreadLocalRandom}, which a test cannot seed:
 * their shares are checked over 100,000 calls against a bound of 6 standard deviations (a false
 * failure about once in 500 million runs).
 */
class RolloutModeResolverTest {

	private static final String NAME = "customer-source";

	private static final int CALLS = 100_000;

	private final RolloutModeResolver resolver = new RolloutModeResolver();

	private static double sixSigma(double p, int n) {
		return 6 * Math.sqrt(p * (1 - p) / n);
	}

	@Test
	void anAllowedKeyGetsTheConfiguredModeEvenAtZeroPercent() {
		Rollout rollout = rollout(MigrationMode.REVERSE_SHADOW, "0", NAME).withAllowList(Set.of("alice", "bob"));
		Migration migration = RolloutFixture.migration(NAME, rollout);

		assertThat(this.resolver.resolve(migration, read("alice"))).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(this.resolver.resolve(migration, write("bob"))).isEqualTo(MigrationMode.REVERSE_SHADOW);
		for (int i = 0; i < 10_000; i++) {
			assertThat(this.resolver.resolve(migration, read(customer(i)))).as(customer(i))
				.isEqualTo(MigrationMode.SHADOW);
		}
	}

	@Test
	void anAllowedKeyInShadowAlwaysRunsItsSecondaryWhateverTheSampleRate() {
		Rollout rollout = rollout(MigrationMode.SHADOW, "100", NAME).withAllowList(Set.of("alice"))
			.withSampleBasisPoints(0);
		Migration migration = RolloutFixture.migration(NAME, rollout);

		assertThat(this.resolver.resolve(migration, read("alice"))).isEqualTo(MigrationMode.SHADOW);
		assertThat(this.resolver.resolve(migration, read("bob"))).isEqualTo(MigrationMode.OLD);
	}

	@ParameterizedTest(name = "{0} at 5%: keys in get {0}, the rest {1}")
	@CsvSource({ "REVERSE_SHADOW, SHADOW", "NEW, REVERSE_SHADOW", "SHADOW, OLD", "OLD, OLD" })
	void keysThatAreOutGetThePreviousMode(MigrationMode configured, MigrationMode previous) {
		Migration migration = RolloutFixture.migration(NAME, rollout(configured, "5", NAME));
		Map<MigrationMode, Integer> counts = new EnumMap<>(MigrationMode.class);
		for (int i = 0; i < 20_000; i++) {
			String key = customer(i);
			MigrationMode mode = this.resolver.resolve(migration, read(key));
			assertThat(mode).as(key)
				.isEqualTo((Bucketing.canaryBucket(NAME, key) < 500) ? configured : previous);
			counts.merge(mode, 1, Integer::sum);
		}
		if (configured != MigrationMode.OLD) {
			assertThat(counts.get(configured) / 20_000.0).isCloseTo(0.05, within(sixSigma(0.05, 20_000)));
			assertThat(counts.keySet()).containsExactlyInAnyOrder(configured, previous);
		}
	}

	@Test
	void theDefaultSaltIsTheMigrationsNameAndAnotherSaltMovesTheKeys() {
		Migration byName = RolloutFixture.migration(NAME, rollout(MigrationMode.NEW, "50", NAME));
		Migration salted = RolloutFixture.migration(NAME, rollout(MigrationMode.NEW, "50", "other-salt"));
		int differ = 0;
		for (int i = 0; i < 10_000; i++) {
			String key = customer(i);
			MigrationMode onByName = this.resolver.resolve(byName, read(key));
			assertThat(onByName).isEqualTo(
					(Bucketing.canaryBucket(NAME, key) < 5_000) ? MigrationMode.NEW : MigrationMode.REVERSE_SHADOW);
			MigrationMode onSalted = this.resolver.resolve(salted, read(key));
			assertThat(onSalted).isEqualTo((Bucketing.canaryBucket("other-salt", key) < 5_000) ? MigrationMode.NEW
					: MigrationMode.REVERSE_SHADOW);
			differ += (onByName != onSalted) ? 1 : 0;
		}
		// independent halves disagree on about half the keys
		assertThat(differ / 10_000.0).isCloseTo(0.5, within(sixSigma(0.5, 10_000)));
	}

	@ParameterizedTest(name = "{0} at 100% with every read sampled never evaluates the key")
	@EnumSource(MigrationMode.class)
	void aUniformRolloutNeverEvaluatesTheKey(MigrationMode mode) {
		AtomicInteger evaluated = new AtomicInteger();
		CallKey counting = (arguments) -> {
			evaluated.incrementAndGet();
			throw new IllegalStateException("the key of a uniform rollout was evaluated");
		};
		Migration migration = RolloutFixture.migration(NAME,
				rollout(mode, "100", NAME).withAllowList(Set.of("alice")));

		for (MigrationKind kind : MigrationKind.values()) {
			assertThat(this.resolver.resolve(migration, RolloutFixture.call(kind, "alice", counting))).isEqualTo(mode);
		}
		assertThat(evaluated).hasValue(0);
	}

	@Test
	void aCanaryEvaluatesTheKeyOncePerCall() {
		AtomicInteger evaluated = new AtomicInteger();
		CallKey counting = (arguments) -> {
			evaluated.incrementAndGet();
			return (String) arguments[0];
		};
		Migration migration = RolloutFixture.migration(NAME,
				rollout(MigrationMode.SHADOW, "50", NAME).withSampleBasisPoints(5_000));

		for (int i = 0; i < 100; i++) {
			this.resolver.resolve(migration, RolloutFixture.call(MigrationKind.READ, customer(i), counting));
		}
		assertThat(evaluated).hasValue(100);
	}

	@Test
	void callsWithoutAKeyAreChosenAtRandomPerCall() {
		Migration migration = RolloutFixture.migration(NAME, rollout(MigrationMode.REVERSE_SHADOW, "10", NAME));
		int in = 0;
		for (int i = 0; i < CALLS; i++) {
			// the same arguments every time: only chance tells the calls apart
			MigrationMode mode = this.resolver.resolve(migration, RolloutFixture.keyless(MigrationKind.READ));
			assertThat(mode).isIn(MigrationMode.REVERSE_SHADOW, MigrationMode.SHADOW);
			in += (mode == MigrationMode.REVERSE_SHADOW) ? 1 : 0;
		}
		assertThat(in / (double) CALLS).isCloseTo(0.10, within(sixSigma(0.10, CALLS)));
	}

	@Test
	void aKeyThatEvaluatesToNullIsChosenAtRandom() {
		Migration migration = RolloutFixture.migration(NAME, rollout(MigrationMode.NEW, "30", NAME));
		int in = 0;
		for (int i = 0; i < CALLS; i++) {
			MigrationMode mode = this.resolver.resolve(migration,
					RolloutFixture.call(MigrationKind.READ, "x", (arguments) -> null));
			in += (mode == MigrationMode.NEW) ? 1 : 0;
		}
		assertThat(in / (double) CALLS).isCloseTo(0.30, within(sixSigma(0.30, CALLS)));
	}

	@Test
	void aKeyFunctionThatThrowsPutsEveryCallOutAndNeverThrowsToTheCaller() {
		Migration migration = RolloutFixture.migration(NAME, rollout(MigrationMode.REVERSE_SHADOW, "50", NAME));
		CallKey throwing = (arguments) -> {
			throw new IllegalArgumentException("no such property: customerId");
		};
		for (int i = 0; i < CALLS; i++) {
			// out, on every call: the safe side, and never flipping between old and new
			assertThat(this.resolver.resolve(migration,
					RolloutFixture.call(MigrationKind.READ, customer(0), throwing))).isEqualTo(MigrationMode.SHADOW);
		}
	}

	@Test
	void aKeyFunctionThatThrowsIsNotSampledInShadow() {
		Migration migration = RolloutFixture.migration(NAME,
				rollout(MigrationMode.REVERSE_SHADOW, "50", NAME).withSampleBasisPoints(5000));
		CallKey throwing = (arguments) -> {
			throw new IllegalArgumentException("no such property: customerId");
		};

		assertThat(this.resolver.resolve(migration, RolloutFixture.call(MigrationKind.READ, customer(0), throwing)))
			.isEqualTo(MigrationMode.OLD);
		assertThat(this.resolver.resolve(migration, RolloutFixture.call(MigrationKind.WRITE, customer(0), throwing)))
			.as("writes are never sampled out").isEqualTo(MigrationMode.SHADOW);
	}

	@Test
	void aKeyThatCannotBeEvaluatedIsNotOnTheAllowList() {
		Migration migration = RolloutFixture.migration(NAME,
				rollout(MigrationMode.NEW, "0", NAME).withAllowList(Set.of("alice")));

		assertThat(this.resolver.resolve(migration, RolloutFixture.call(MigrationKind.READ, "alice", (arguments) -> {
			throw new IllegalStateException("broken");
		}))).isEqualTo(MigrationMode.REVERSE_SHADOW);
		assertThat(this.resolver.resolve(migration, read("alice"))).isEqualTo(MigrationMode.NEW);
	}

	@Test
	void shadowReadsWithSampleRateTenPercentRunAsOldForAboutNinetyPercentOfKeys() {
		Migration migration = RolloutFixture.migration(NAME,
				rollout(MigrationMode.SHADOW, "100", NAME).withSampleBasisPoints(Percentage.parse("sample-rate", "10")));
		int old = 0;
		for (int i = 0; i < CALLS; i++) {
			String key = customer(i);
			MigrationMode mode = this.resolver.resolve(migration, read(key));
			assertThat(mode).as(key)
				.isEqualTo((Bucketing.sampleBucket(NAME, key) < 1_000) ? MigrationMode.SHADOW : MigrationMode.OLD);
			old += (mode == MigrationMode.OLD) ? 1 : 0;
		}
		System.out.printf("SHADOW reads at sample rate 10%%: %.3f%% of 100,000 keys ran as OLD%n", old * 100.0 / CALLS);
		assertThat(old / (double) CALLS).isCloseTo(0.90, within(4 * Math.sqrt(0.9 * 0.1 / CALLS)));
	}

	@Test
	void shadowReadsWithoutAKeyAreSampledAtRandom() {
		Migration migration = RolloutFixture.migration(NAME,
				rollout(MigrationMode.SHADOW, "100", NAME).withSampleBasisPoints(1_000));
		int shadow = 0;
		for (int i = 0; i < CALLS; i++) {
			shadow += (this.resolver.resolve(migration,
					RolloutFixture.keyless(MigrationKind.READ)) == MigrationMode.SHADOW) ? 1 : 0;
		}
		assertThat(shadow / (double) CALLS).isCloseTo(0.10, within(sixSigma(0.10, CALLS)));
	}

	@Test
	void samplingIsStickyPerKey() {
		Migration first = RolloutFixture.migration(NAME,
				rollout(MigrationMode.SHADOW, "100", NAME).withSampleBasisPoints(2_500));
		Migration second = RolloutFixture.migration(NAME,
				rollout(MigrationMode.SHADOW, "100", NAME).withSampleBasisPoints(2_500));
		RolloutModeResolver other = new RolloutModeResolver();
		for (int i = 0; i < 10_000; i++) {
			String key = customer(i);
			MigrationMode mode = this.resolver.resolve(first, read(key));
			assertThat(this.resolver.resolve(first, read(key))).as(key).isEqualTo(mode);
			assertThat(other.resolve(second, read(key))).as(key).isEqualTo(mode);
		}
	}

	@Test
	void writesAreNeverSampledOut() {
		Migration migration = RolloutFixture.migration(NAME,
				rollout(MigrationMode.SHADOW, "100", NAME).withSampleBasisPoints(0));
		for (int i = 0; i < 10_000; i++) {
			assertThat(this.resolver.resolve(migration, write(customer(i)))).as(customer(i))
				.isEqualTo(MigrationMode.SHADOW);
			assertThat(this.resolver.resolve(migration, read(customer(i)))).as(customer(i))
				.isEqualTo(MigrationMode.OLD);
		}
		assertThat(this.resolver.resolve(migration, RolloutFixture.keyless(MigrationKind.WRITE)))
			.isEqualTo(MigrationMode.SHADOW);
	}

	@Test
	void writesOfKeysOutOfACanaryKeepThePreviousModeUnsampled() {
		Migration migration = RolloutFixture.migration(NAME,
				rollout(MigrationMode.REVERSE_SHADOW, "5", NAME).withSampleBasisPoints(0));
		for (int i = 0; i < 10_000; i++) {
			String key = customer(i);
			boolean in = Bucketing.canaryBucket(NAME, key) < 500;
			assertThat(this.resolver.resolve(migration, write(key))).as(key)
				.isEqualTo(in ? MigrationMode.REVERSE_SHADOW : MigrationMode.SHADOW);
		}
	}

	/**
	 * REVERSE_SHADOW at 5% with a sample rate of 10%: keys in the canary are never sampled out (new
	 * serves them); keys out of it run SHADOW only when their sample bucket is in, OLD otherwise.
	 */
	@Test
	void theSampleRateAppliesOnlyToReadsThatEndUpInShadow() {
		Migration migration = RolloutFixture.migration(NAME,
				rollout(MigrationMode.REVERSE_SHADOW, "5", NAME).withSampleBasisPoints(1_000));
		Map<MigrationMode, Integer> counts = new EnumMap<>(MigrationMode.class);
		for (int i = 0; i < CALLS; i++) {
			String key = customer(i);
			MigrationMode expected = (Bucketing.canaryBucket(NAME, key) < 500) ? MigrationMode.REVERSE_SHADOW
					: (Bucketing.sampleBucket(NAME, key) < 1_000) ? MigrationMode.SHADOW : MigrationMode.OLD;
			MigrationMode mode = this.resolver.resolve(migration, read(key));
			assertThat(mode).as(key).isEqualTo(expected);
			counts.merge(mode, 1, Integer::sum);
		}
		assertThat(counts.get(MigrationMode.REVERSE_SHADOW) / (double) CALLS).isCloseTo(0.05,
				within(sixSigma(0.05, CALLS)));
		assertThat(counts.get(MigrationMode.SHADOW) / (double) CALLS).isCloseTo(0.095,
				within(sixSigma(0.095, CALLS)));
		assertThat(counts.get(MigrationMode.OLD) / (double) CALLS).isCloseTo(0.855,
				within(sixSigma(0.855, CALLS)));
	}

	@Test
	void anOverriddenRolloutAppliesToTheNextCall() {
		Migration migration = RolloutFixture.migration(NAME, rollout(MigrationMode.NEW, "100", NAME));
		MigrationCall call = read(customer(1));
		assertThat(this.resolver.resolve(migration, call)).isEqualTo(MigrationMode.NEW);

		migration.override(rollout(MigrationMode.NEW, "0", NAME), "test", null, null, false, Map.of());

		assertThat(this.resolver.resolve(migration, call)).as("the override applies to the next call")
			.isEqualTo(MigrationMode.REVERSE_SHADOW);
	}

}
