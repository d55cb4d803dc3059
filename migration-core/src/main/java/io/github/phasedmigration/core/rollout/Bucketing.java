package io.github.phasedmigration.core.rollout;

import java.nio.charset.StandardCharsets;

import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The contract's bucketing formula, so that a team can compute from outside which keys are in:
 * {@code bucket = unsigned(murmur3_32_x86(seed, UTF-8 bytes of salt + ":" + key)) mod 10000}. The
 * canary uses seed {@value #CANARY_SEED}, the sample rate of SHADOW seed {@value #SAMPLE_SEED}, so
 * that the two choices do not line up.
 */
public final class Bucketing {

	/** Number of buckets: a percentage in steps of 0.01 is a whole number of them. */
	public static final int BUCKETS = 10_000;

	/** Seed of the canary's buckets. */
	public static final int CANARY_SEED = 0;

	/** Seed of the sample rate's buckets. */
	public static final int SAMPLE_SEED = 1;

	private Bucketing() {
	}

	/** The canary bucket of a key, 0 to 9999. */
	public static int canaryBucket(String salt, String key) {
		return bucket(CANARY_SEED, salt, key);
	}

	/** The sample bucket of a key, 0 to 9999. */
	public static int sampleBucket(String salt, String key) {
		return bucket(SAMPLE_SEED, salt, key);
	}

	/**
	 * The bucket of a key with a seed.
	 * @param seed the murmur3 seed
	 * @param salt the salt (the migration's name by default)
	 * @param key the migration key of the call
	 * @return {@code unsigned(murmur3_32_x86(seed, utf8(salt + ":" + key))) mod 10000}
	 */
	public static int bucket(int seed, String salt, String key) {
		byte[] bytes = (salt + ":" + key).getBytes(StandardCharsets.UTF_8);
		int hash = MurmurHash3.hash32x86(bytes, 0, bytes.length, seed);
		return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
	}

}
