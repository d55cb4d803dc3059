package io.github.phasedmigration.core.engine;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.Impl;

/**
 * How one implementation's run ended: a value, an exception, a timeout or a rejection.
 *
 * @param impl which implementation ran
 * @param value its result when it returned
 * @param error its exception when it threw (for asynchronous methods unwrapped from
 * {@link CompletionException})
 * @param nanos how long it ran
 * @param status returned, threw, timed out or rejected
 */
public record Outcome(Impl impl, @Nullable Object value, @Nullable Throwable error, long nanos, Status status) {

	/** How a run ended. */
	public enum Status {

		/** It returned a value. */
		RETURNED,
		/** It threw. */
		THREW,
		/** It did not finish within the timeout. */
		TIMED_OUT,
		/** The executor had no room for it. */
		REJECTED

	}

	static Outcome returned(Impl impl, @Nullable Object value, long nanos) {
		return new Outcome(impl, value, null, nanos, Status.RETURNED);
	}

	static Outcome threw(Impl impl, Throwable error, long nanos) {
		return new Outcome(impl, null, error, nanos, Status.THREW);
	}

	static Outcome timedOut(Impl impl, long nanos) {
		return new Outcome(impl, null, null, nanos, Status.TIMED_OUT);
	}

	static Outcome rejected(Impl impl) {
		return new Outcome(impl, null, null, 0, Status.REJECTED);
	}

	/** Whether it finished, by returning or throwing. */
	public boolean finished() {
		return this.status == Status.RETURNED || this.status == Status.THREW;
	}

	/** Whether it returned a value. */
	public boolean succeeded() {
		return this.status == Status.RETURNED;
	}

	static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
