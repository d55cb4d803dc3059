package io.github.phasedmigration.core.backfill;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How one migration's history is copied and checked: old is read in key order and written to
 * new; verify reads both in key order; repair writes the authoritative side's version to the
 * other one (new in OLD and SHADOW, old in REVERSE_SHADOW, which needs old's sink).
 *
 * @param <K> the key: the migration key of the entity
 * @param <R> a record, the same type on both sides
 */
public final class Backfill<K extends Comparable<? super K>, R> {

	private final String migration;

	private final KeyCodec<K> keys;

	private final BackfillSource<K, R> oldSource;

	private final @Nullable BackfillSink<K, R> oldSink;

	private final BackfillSource<K, R> newSource;

	private final BackfillSink<K, R> newSink;

	private Backfill(Builder<K, R> builder) {
		this.migration = Objects.requireNonNull(builder.migration, "migration");
		this.keys = Objects.requireNonNull(builder.keys, "keys");
		this.oldSource = Objects.requireNonNull(builder.oldSource,
				"the old side's source: call from(...) on the builder of the backfill of " + builder.migration);
		this.oldSink = builder.oldSink;
		this.newSource = Objects.requireNonNull(builder.newSource,
				"the new side's store: call to(...) on the builder of the backfill of " + builder.migration);
		this.newSink = Objects.requireNonNull(builder.newSink, "newSink");
	}

	/**
	 * Starts the backfill of a migration whose keys are of a type with a built-in codec (Long,
	 * Integer, String).
	 */
	public static <K extends Comparable<? super K>, R> Builder<K, R> of(String migration, Class<K> keyType) {
		return new Builder<>(migration, KeyCodec.forType(keyType));
	}

	/** Starts the backfill of a migration whose keys use a codec of one's own. */
	public static <K extends Comparable<? super K>, R> Builder<K, R> of(String migration, KeyCodec<K> keys) {
		return new Builder<>(migration, keys);
	}

	public String migration() {
		return this.migration;
	}

	public KeyCodec<K> keys() {
		return this.keys;
	}

	/** Old's records, read by the backfill and by verify. */
	public BackfillSource<K, R> oldSource() {
		return this.oldSource;
	}

	/** Writes to old: repair in REVERSE_SHADOW, where new is authoritative; {@code null} when not given. */
	public @Nullable BackfillSink<K, R> oldSink() {
		return this.oldSink;
	}

	/** New's records, read by verify. */
	public BackfillSource<K, R> newSource() {
		return this.newSource;
	}

	/** Writes to new: the backfill, and repair in OLD and SHADOW. */
	public BackfillSink<K, R> newSink() {
		return this.newSink;
	}

	@Override
	public String toString() {
		return "Backfill[" + this.migration + "]";
	}

	/** Builds a {@link Backfill}. */
	public static final class Builder<K extends Comparable<? super K>, R> {

		private final String migration;

		private final KeyCodec<K> keys;

		private @Nullable BackfillSource<K, R> oldSource;

		private @Nullable BackfillSink<K, R> oldSink;

		private @Nullable BackfillSource<K, R> newSource;

		private @Nullable BackfillSink<K, R> newSink;

		private Builder(String migration, KeyCodec<K> keys) {
			this.migration = Objects.requireNonNull(migration, "migration");
			this.keys = Objects.requireNonNull(keys, "keys");
		}

		/** Old's records; read only (repair in REVERSE_SHADOW is then refused). */
		public Builder<K, R> from(BackfillSource<K, R> oldSource) {
			this.oldSource = Objects.requireNonNull(oldSource, "oldSource");
			this.oldSink = null;
			return this;
		}

		/** Old's records, which repair may also write in REVERSE_SHADOW. */
		public Builder<K, R> from(BackfillStore<K, R> oldStore) {
			this.oldSource = Objects.requireNonNull(oldStore, "oldStore");
			this.oldSink = oldStore;
			return this;
		}

		/** Old's records, read through one object and written by repair in REVERSE_SHADOW through another. */
		public Builder<K, R> from(BackfillSource<K, R> oldSource, BackfillSink<K, R> oldSink) {
			this.oldSource = Objects.requireNonNull(oldSource, "oldSource");
			this.oldSink = Objects.requireNonNull(oldSink, "oldSink");
			return this;
		}

		/** New's records: written by the backfill and repair, read by verify. */
		public Builder<K, R> to(BackfillStore<K, R> newStore) {
			return to(newStore, newStore);
		}

		/** New's records, read and written through two objects. */
		public Builder<K, R> to(BackfillSource<K, R> newSource, BackfillSink<K, R> newSink) {
			this.newSource = Objects.requireNonNull(newSource, "newSource");
			this.newSink = Objects.requireNonNull(newSink, "newSink");
			return this;
		}

		public Backfill<K, R> build() {
			return new Backfill<>(this);
		}

	}

}
