package io.github.phasedmigration.autoconfigure.replay;

import java.lang.reflect.Method;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * Journals arguments as JSON with the application's Jackson {@link JsonMapper}, each argument with
 * its method's generic parameter type, so that they read back as they were written after a
 * restart or on another instance.
 */
public class JacksonArgumentCodecs implements ArgumentCodecs {

	private final JsonMapper mapper;

	public JacksonArgumentCodecs(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public ArgumentCodec forMethod(Method method, Class<?> targetClass) {
		JacksonArgumentCodec codec = new JacksonArgumentCodec(this.mapper, method, targetClass);
		return new ArgumentCodec() {

			@Override
			public String encode(Object[] arguments) {
				return codec.encode(arguments);
			}

			@Override
			public Object[] decode(String encoded) {
				return codec.decode(encoded);
			}

		};
	}

	@Override
	public List<String> problems(Method method, Class<?> targetClass) {
		return JacksonArgumentCodec.problems(this.mapper, method, targetClass);
	}

}
