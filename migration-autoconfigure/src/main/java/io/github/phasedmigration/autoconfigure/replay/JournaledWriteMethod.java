package io.github.phasedmigration.autoconfigure.replay;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import io.github.phasedmigration.autoconfigure.replay.ArgumentCodecs.ArgumentCodec;
import io.github.phasedmigration.core.journal.WriteMethod;

/**
 * A write method as the journal sees it: its id (the user class, the method name and the
 * parameter types), its migration key and its argument codec.
 */
public final class JournaledWriteMethod implements WriteMethod {

	/** Longest method id the journal stores. */
	public static final int MAX_ID_LENGTH = 500;

	private final String id;

	private final @Nullable Function<Object[], @Nullable String> key;

	private final ArgumentCodec codec;

	public JournaledWriteMethod(String id, @Nullable Function<Object[], @Nullable String> key, ArgumentCodec codec) {
		this.id = id;
		this.key = key;
		this.codec = codec;
	}

	/** The id of a method of a class: {@code com.example.OrdersLedger#markPaid(long)}. */
	public static String idOf(Class<?> targetClass, Method method) {
		return ClassUtils.getUserClass(targetClass).getName() + "#" + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getTypeName)
					.collect(Collectors.joining(",", "(", ")"));
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public @Nullable String key(Object[] arguments) {
		return (this.key != null) ? this.key.apply(arguments) : null;
	}

	@Override
	public String encode(Object[] arguments) {
		return this.codec.encode(arguments);
	}

	/** Reads encoded arguments back. */
	public Object[] decode(String encoded) {
		return this.codec.decode(encoded);
	}

	@Override
	public String toString() {
		return this.id;
	}

}
