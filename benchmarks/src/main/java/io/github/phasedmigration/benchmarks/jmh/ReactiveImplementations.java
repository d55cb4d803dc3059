package io.github.phasedmigration.benchmarks.jmh;

import java.time.Duration;

import reactor.core.publisher.Mono;

import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Reactive I/O-like implementations for {@link ReactiveLatencyBenchmark}: old answers after ~1 ms,
 * new after ~2 ms, both as a timer on Reactor's parallel scheduler, as a non-blocking driver would
 * (no thread waits for them). One subclass of old per mode, each its own migration.
 */
public final class ReactiveImplementations {

	static final Duration OLD_DELAY = Duration.ofMillis(1);

	static final Duration NEW_DELAY = Duration.ofMillis(2);

	private ReactiveImplementations() {
	}

	public static class OldReactiveSource {

		public Mono<Answer> fetch(long id) {
			return Mono.delay(OLD_DELAY).map((tick) -> IoImplementations.answer(id));
		}

	}

	public static class NewReactiveSource {

		public Mono<Answer> fetch(long id) {
			return Mono.delay(NEW_DELAY).map((tick) -> IoImplementations.answer(id));
		}

	}

	public static class OldModeReactiveSource extends OldReactiveSource {

		@Override
		@PhasedMigration(name = "rx-old", newImpl = NewReactiveSource.class)
		public Mono<Answer> fetch(long id) {
			return super.fetch(id);
		}

	}

	public static class ShadowModeReactiveSource extends OldReactiveSource {

		@Override
		@PhasedMigration(name = "rx-shadow", newImpl = NewReactiveSource.class)
		public Mono<Answer> fetch(long id) {
			return super.fetch(id);
		}

	}

	public static class ReverseShadowModeReactiveSource extends OldReactiveSource {

		@Override
		@PhasedMigration(name = "rx-reverse-shadow", newImpl = NewReactiveSource.class)
		public Mono<Answer> fetch(long id) {
			return super.fetch(id);
		}

	}

}
