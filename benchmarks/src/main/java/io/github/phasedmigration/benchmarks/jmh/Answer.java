package io.github.phasedmigration.benchmarks.jmh;

/**
 * What the I/O-like implementations return: a small value object, the same from old and new so
 * that every comparison matches. A class with a field rather than a bare {@code Long} because
 * shadow-tool compares with Javers, which refuses to compare top-level values such as a
 * {@code Long}; every tool gets the same type.
 */
public final class Answer {

	private final long value;

	public Answer(long value) {
		this.value = value;
	}

	public long getValue() {
		return this.value;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Answer answer) && answer.value == this.value;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.value);
	}

	@Override
	public String toString() {
		return "Answer[" + this.value + "]";
	}

}
