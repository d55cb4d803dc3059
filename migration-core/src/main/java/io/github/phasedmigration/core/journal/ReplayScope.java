package io.github.phasedmigration.core.journal;

/**
 * Marks the current thread as replaying a journal entry: an interceptor that sees it runs the
 * annotated method as written, without starting a dual write.
 *
 * <pre class="code">
 * try (ReplayScope scope = ReplayScope.enter()) {
 *     oldBean.markPaid(orderId);   // old only, whatever the mode
 * }
 * </pre>
 */
public final class ReplayScope implements AutoCloseable {

	private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

	private final boolean previous;

	private ReplayScope(boolean previous) {
		this.previous = previous;
	}

	/** Enters the scope on this thread; close it to leave. */
	public static ReplayScope enter() {
		boolean previous = active();
		ACTIVE.set(Boolean.TRUE);
		return new ReplayScope(previous);
	}

	/** Whether this thread replays a journal entry now. */
	public static boolean active() {
		return ACTIVE.get() != null;
	}

	@Override
	public void close() {
		if (!this.previous) {
			ACTIVE.remove();
		}
	}

}
