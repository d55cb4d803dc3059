package io.github.phasedmigration.core.backfill;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes a key as text and reads it back: for the checkpoint, and for the journal, whose entries
 * are keyed by the migration key's text (so the text must be the key's {@code toString()}, as the
 * migration key's is).
 *
 * @param <K> the key
 */
public final class KeyCodec<K> {

	private final Class<K> type;

	private final Function<K, String> format;

	private final Function<String, K> parse;

	private KeyCodec(Class<K> type, Function<K, String> format, Function<String, K> parse) {
		this.type = type;
		this.format = format;
		this.parse = parse;
	}

	/** A codec of one's own. */
	public static <K> KeyCodec<K> of(Class<K> type, Function<K, String> format, Function<String, K> parse) {
		return new KeyCodec<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(format, "format"),
				Objects.requireNonNull(parse, "parse"));
	}

	/**
	 * The codec of a {@link Long}, {@link Integer} or {@link String} key ({@link UUID} is refused: Java
	 * and the databases do not order UUIDs alike).
	 * @throws IllegalArgumentException for any other type: give a codec of one's own
	 */
	@SuppressWarnings("unchecked")
	public static <K> KeyCodec<K> forType(Class<K> type) {
		Function<String, ?> parse;
		if (type == Long.class) {
			parse = Long::valueOf;
		}
		else if (type == Integer.class) {
			parse = Integer::valueOf;
		}
		else if (type == String.class) {
			parse = Function.identity();
		}
		else if (type == UUID.class) {
			throw new IllegalArgumentException("UUID keys have no built-in key codec: Java compares UUIDs as signed "
					+ "numbers, databases compare them unsigned, so pages would come out of order. Use the key's "
					+ "text (String, with a binary collation) or a key type of one's own whose order is the database's");
		}
		else {
			throw new IllegalArgumentException("No built-in key codec for " + type.getName()
					+ ": keys of type Long, Integer and String have one; give KeyCodec.of(type, format, parse)");
		}
		return new KeyCodec<>(type, String::valueOf, (Function<String, K>) parse);
	}

	public Class<K> type() {
		return this.type;
	}

	public String format(K key) {
		return this.format.apply(key);
	}

	public K parse(String text) {
		return this.parse.apply(text);
	}

}
