package io.github.phasedmigration.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bucketing formula is part of the contract (teams compute from outside which keys are in), so
 * the hash is checked three ways: the library against published murmur3 x86_32 vectors, a
 * reference implementation written here from the algorithm against the same vectors, and the two
 * against each other on random inputs. The test vectors of docs/rollouts.md are pinned at the end.
 */
class BucketingTest {

	/**
	 * Published murmur3 x86_32 vectors (SMHasher's algorithm; the widely used list of edge cases
	 * with empty input, all-zero and all-one bytes, tails of 1 to 3 bytes, and text).
	 */
	@ParameterizedTest(name = "{0} with seed {1} hashes to {2}")
	@CsvSource(delimiter = '|', textBlock = """
			''                                           | 0x00000000 | 0x00000000
			''                                           | 0x00000001 | 0x514E28B7
			''                                           | 0xFFFFFFFF | 0x81F16F39
			hello                                        | 0x00000000 | 0x248BFA47
			abc                                          | 0x00000000 | 0xB3DD93FA
			The quick brown fox jumps over the lazy dog  | 0x00000000 | 0x2E4FF723
			The quick brown fox jumps over the lazy dog  | 0x9747B28C | 0x2FA826CD
			Hello, world!                                | 0x000004D2 | 0xFAF6CDB3
			aaaa                                         | 0x9747B28C | 0x5A97808A
			""")
	void textVectors(String text, String seed, String expected) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		int seedValue = Integer.parseUnsignedInt(seed.substring(2), 16);
		int expectedHash = Integer.parseUnsignedInt(expected.substring(2), 16);

		assertThat(Reference.murmur3x86(bytes, seedValue)).as("reference").isEqualTo(expectedHash);
		assertThat(MurmurHash3.hash32x86(bytes, 0, bytes.length, seedValue)).as("commons-codec")
			.isEqualTo(expectedHash);
	}

	/** Byte vectors: every tail length, and bytes with the high bit set (sign extension bugs show there). */
	@ParameterizedTest(name = "{0} with seed {1} hashes to {2}")
	@CsvSource(delimiter = '|', textBlock = """
			FFFFFFFF | 0x00000000 | 0x76293B50
			21436587 | 0x00000000 | 0xF55B516B
			21436587 | 0x5082EDEE | 0x2362F9DE
			214365   | 0x00000000 | 0x7E4A8634
			2143     | 0x00000000 | 0xA0F7B07A
			21       | 0x00000000 | 0x72661CF4
			00000000 | 0x00000000 | 0x2362F9DE
			000000   | 0x00000000 | 0x85F0B427
			0000     | 0x00000000 | 0x30F4C306
			00       | 0x00000000 | 0x514E28B7
			""")
	void byteVectors(String hex, String seed, String expected) {
		byte[] bytes = new byte[hex.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
		}
		int seedValue = Integer.parseUnsignedInt(seed.substring(2), 16);
		int expectedHash = Integer.parseUnsignedInt(expected.substring(2), 16);

		assertThat(Reference.murmur3x86(bytes, seedValue)).as("reference").isEqualTo(expectedHash);
		assertThat(MurmurHash3.hash32x86(bytes, 0, bytes.length, seedValue)).as("commons-codec")
			.isEqualTo(expectedHash);
	}

	@Test
	void libraryAgreesWithTheReferenceOnRandomInputsOfEveryTailLength() {
		Random random = new Random(20_240_501L);
		for (int i = 0; i < 20_000; i++) {
			byte[] bytes = new byte[random.nextInt(40)];
			random.nextBytes(bytes); // about half the bytes have the high bit set
			int seed = (i % 3 == 0) ? 0 : (i % 3 == 1) ? 1 : random.nextInt();
			assertThat(MurmurHash3.hash32x86(bytes, 0, bytes.length, seed)).as("input %d", i)
				.isEqualTo(Reference.murmur3x86(bytes, seed));
		}
	}

	@Test
	void bucketIsTheUnsignedHashOfSaltColonKeyInUtf8ModTenThousand() {
		Random random = new Random(7L);
		String[] alphabet = { "a", "Z", "0", "-", "@", ".", "ü", "é", "ß", "日", "本", "😀", ":" };
		int negativeHashes = 0;
		for (int i = 0; i < 5_000; i++) {
			StringBuilder key = new StringBuilder();
			int length = random.nextInt(12);
			for (int c = 0; c < length; c++) {
				key.append(alphabet[random.nextInt(alphabet.length)]);
			}
			byte[] bytes = ("customer-source:" + key).getBytes(StandardCharsets.UTF_8);
			int canaryHash = Reference.murmur3x86(bytes, 0);
			int sampleHash = Reference.murmur3x86(bytes, 1);
			negativeHashes += (canaryHash < 0) ? 1 : 0;

			assertThat(Bucketing.canaryBucket("customer-source", key.toString())).as("key '%s'", key)
				.isEqualTo(Integer.toUnsignedLong(canaryHash) % 10_000)
				.isEqualTo(Bucketing.bucket(Bucketing.CANARY_SEED, "customer-source", key.toString()));
			assertThat(Bucketing.sampleBucket("customer-source", key.toString())).as("key '%s'", key)
				.isEqualTo(Integer.toUnsignedLong(sampleHash) % 10_000)
				.isEqualTo(Bucketing.bucket(Bucketing.SAMPLE_SEED, "customer-source", key.toString()));
		}
		// about half the hashes have the top bit set: there a signed mod would give another bucket
		assertThat(negativeHashes).isBetween(2_000, 3_000);
	}

	@Test
	void aHashWithTheTopBitSetIsTakenUnsigned() {
		// "customer-source:customer-1" hashes to 0xFB2D2C79: negative as an int
		int hash = Reference.murmur3x86("customer-source:customer-1".getBytes(StandardCharsets.UTF_8), 0);
		assertThat(hash).isNegative().isEqualTo(0xFB2D2C79);

		assertThat(Bucketing.canaryBucket("customer-source", "customer-1")).isEqualTo(1721)
			.isNotEqualTo(Math.floorMod(hash, 10_000))
			.isNotEqualTo(Math.abs(hash % 10_000));
	}

	@Test
	void seedsAreTheContractsZeroForTheCanaryAndOneForTheSample() {
		assertThat(Bucketing.CANARY_SEED).isZero();
		assertThat(Bucketing.SAMPLE_SEED).isOne();
		assertThat(Bucketing.BUCKETS).isEqualTo(10_000);
	}

	/**
	 * The test vectors published in docs/rollouts.md:
	 * {@code bucket = unsigned(murmur3_32_x86(seed 0, utf8(salt + ":" + key))) mod 10000}, in at 5%
	 * iff {@code bucket < 500}, at 20% iff {@code bucket < 2000}; the sample bucket with seed 1. Computed by the reference implementation and the library alike; a
	 * change here breaks every deployed canary.
	 */
	@ParameterizedTest(name = "{0}:{1} is in bucket {3} (hash {2}), in at 5%: {4}, at 20%: {5}")
	@CsvSource(delimiter = '|', textBlock = """
			customer-source | customer-1        | 0xFB2D2C79 | 1721 | false | true  | 3787
			customer-source | customer-2        | 0x7CBCAE8D |  237 | true  | true  | 7123
			customer-source | customer-42       | 0x44B9AA53 | 8451 | false | false | 3790
			customer-source | alice@example.com | 0x56968930 | 6096 | false | false | 3877
			customer-source | 4711              | 0x54CB98DD | 9085 | false | false | 6420
			pricing-v2      | customer-1        | 0xEA8E4F4E | 4958 | false | false |  200
			""")
	void publishedTestVectors(String salt, String key, String hash, int bucket, boolean inAtFivePercent,
			boolean inAtTwentyPercent, int sampleBucket) {
		byte[] bytes = (salt + ":" + key).getBytes(StandardCharsets.UTF_8);
		assertThat(Reference.murmur3x86(bytes, 0)).isEqualTo(Integer.parseUnsignedInt(hash.substring(2), 16));

		assertThat(Bucketing.canaryBucket(salt, key)).isEqualTo(bucket);
		assertThat(Bucketing.canaryBucket(salt, key) < Percentage.parse("percentage", "5"))
			.isEqualTo(inAtFivePercent);
		assertThat(Bucketing.canaryBucket(salt, key) < Percentage.parse("percentage", "20"))
			.isEqualTo(inAtTwentyPercent);
		assertThat(Bucketing.sampleBucket(salt, key)).isEqualTo(sampleBucket);
		System.out.printf(
				"Test vector: salt=%s key=%s hash=%s canary-bucket=%d in-at-5%%=%s in-at-20%%=%s sample-bucket=%d%n",
				salt, key, hash, bucket, inAtFivePercent, inAtTwentyPercent, sampleBucket);
	}

	/**
	 * murmur3 x86_32, written from the algorithm (Austin Appleby's MurmurHash3_x86_32): 4-byte
	 * little-endian blocks mixed with c1, rotl 15, c2 into h, then rotl 13, h * 5 + 0xe6546b64; the
	 * 1 to 3 tail bytes mixed the same way without the h step; then length and the fmix32
	 * finalizer. Bytes are unsigned.
	 */
	static final class Reference {

		private static final int C1 = 0xcc9e2d51;

		private static final int C2 = 0x1b873593;

		private Reference() {
		}

		static int murmur3x86(byte[] data, int seed) {
			int h = seed;
			int blocks = data.length / 4;
			for (int block = 0; block < blocks; block++) {
				int at = block * 4;
				int k = unsigned(data[at]) | unsigned(data[at + 1]) << 8 | unsigned(data[at + 2]) << 16
						| unsigned(data[at + 3]) << 24;
				h ^= mixK(k);
				h = Integer.rotateLeft(h, 13);
				h = h * 5 + 0xe6546b64;
			}
			int tail = blocks * 4;
			int remaining = data.length - tail;
			if (remaining > 0) {
				int k = 0;
				for (int i = remaining - 1; i >= 0; i--) {
					k = (k << 8) | unsigned(data[tail + i]);
				}
				h ^= mixK(k);
			}
			h ^= data.length;
			return fmix32(h);
		}

		private static int mixK(int k) {
			k *= C1;
			k = Integer.rotateLeft(k, 15);
			return k * C2;
		}

		private static int fmix32(int h) {
			h ^= h >>> 16;
			h *= 0x85ebca6b;
			h ^= h >>> 13;
			h *= 0xc2b2ae35;
			h ^= h >>> 16;
			return h;
		}

		private static int unsigned(byte b) {
			return b & 0xff;
		}

	}

}
