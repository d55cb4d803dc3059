package io.github.phasedmigration.autoconfigure.replay;

import java.lang.reflect.Method;
import java.util.List;

import io.github.phasedmigration.core.discrepancy.Rendering;

/**
 * Renders arguments for people, for the in-memory journal that replays with the live objects:
 * nothing to check at start-up, nothing to decode.
 */
public class RenderedArgumentCodecs implements ArgumentCodecs {

	private final int maxRenderedLength;

	public RenderedArgumentCodecs(int maxRenderedLength) {
		this.maxRenderedLength = maxRenderedLength;
	}

	@Override
	public ArgumentCodec forMethod(Method method, Class<?> targetClass) {
		return new ArgumentCodec() {

			@Override
			public String encode(Object[] arguments) {
				return Rendering.render(arguments, RenderedArgumentCodecs.this.maxRenderedLength);
			}

			@Override
			public Object[] decode(String encoded) {
				throw new UnsupportedOperationException("Arguments of " + method + " were only rendered for people "
						+ "and cannot be read back; a durable journal stores them as JSON");
			}

		};
	}

	@Override
	public List<String> problems(Method method, Class<?> targetClass) {
		return List.of();
	}

}
