package io.github.phasedmigration.autoconfigure.replay;

import java.lang.reflect.Method;
import java.util.List;

/**
 * How the arguments of write methods are stored in the journal and read back for a replay. A
 * durable journal needs arguments that survive a restart ({@link JacksonArgumentCodecs}); the
 * in-memory journal keeps the live objects, so rendering them for people is enough.
 */
public interface ArgumentCodecs {

	/**
	 * The codec of one method, built once at start-up.
	 * @param targetClass the class whose instance runs it, which resolves the type variables of a
	 * method inherited from a generic superclass
	 */
	ArgumentCodec forMethod(Method method, Class<?> targetClass);

	/**
	 * What keeps the arguments of this method from being stored and read back, each problem naming
	 * the parameter and its type; empty when nothing does.
	 */
	List<String> problems(Method method, Class<?> targetClass);

	/** Encodes and decodes the arguments of one method. */
	interface ArgumentCodec {

		/** The arguments as the journal stores them. */
		String encode(Object[] arguments);

		/**
		 * The arguments read back.
		 * @throws UnsupportedOperationException when this codec only renders
		 */
		Object[] decode(String encoded);

	}

}
