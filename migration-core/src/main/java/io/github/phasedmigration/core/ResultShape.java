package io.github.phasedmigration.core;

/**
 * What a migrated method returns, which decides how the engine waits for each side: a plain value
 * (run and wait), a {@code CompletionStage} (composed, never blocked on), or a Reactor {@code Mono}
 * or {@code Flux} (subscribed, never blocked on; the secondary subscribes in the background).
 */
public enum ResultShape {

	/** A plain value, or {@code void}. */
	VALUE,

	/** A {@code CompletionStage} or {@code CompletableFuture}. */
	COMPLETION_STAGE,

	/** A Reactor {@code Mono}: zero or one value. */
	MONO,

	/** A Reactor {@code Flux}: compared as the list of its elements, bounded. */
	FLUX;

	/** Whether the caller gets its result later, through a stage or a publisher. */
	public boolean async() {
		return this != VALUE;
	}

	/** Whether the method returns a Reactor publisher. */
	public boolean reactive() {
		return this == MONO || this == FLUX;
	}

	/** The shape of a method that returns a {@code CompletionStage} or not. */
	public static ResultShape of(boolean completionStage) {
		return completionStage ? COMPLETION_STAGE : VALUE;
	}

}
