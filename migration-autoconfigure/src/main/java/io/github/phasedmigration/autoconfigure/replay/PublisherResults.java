package io.github.phasedmigration.autoconfigure.replay;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Flux;

/**
 * Waits for a replayed write that returned a publisher (a {@code Mono}): nothing is written until
 * it is subscribed. Replays run on the reconciler's own threads, which may block. Reactor's types
 * are named only here, and only touched when Reactor is on the class path.
 */
final class PublisherResults {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Flux",
			PublisherResults.class.getClassLoader());

	private PublisherResults() {
	}

	/** Subscribes and waits when the result is a publisher; {@code false} when it is not one. */
	static boolean awaitIfPublisher(@Nullable Object result) {
		return REACTOR_PRESENT && Reactor.await(result);
	}

	private static final class Reactor {

		static boolean await(@Nullable Object result) {
			if (!(result instanceof Publisher<?> publisher)) {
				return false;
			}
			Flux.from(publisher).blockLast(); // its error is the replay's error
			return true;
		}

	}

}
