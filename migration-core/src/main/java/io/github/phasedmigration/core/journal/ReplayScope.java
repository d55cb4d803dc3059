package io.github.phasedmigration.core.journal;

import org.jspecify.annotations.Nullable;

/**
 * Marks the current thread as replaying a journal entry of one write method: an interceptor that
 * sees a call of that method runs it as written, without starting a dual write. Calls of other
 * migrated methods made by the replayed write keep their own migration.
 *
 * <pre class="code">
 * try (ReplayScope scope = ReplayScope.enter(entry.method())) {
 *     oldBean.markPaid(orderId);   // old only, whatever the mode
 * }
 * </pre>
 */
public final class ReplayScope implements AutoCloseable {

	private static final ThreadLocal<String> METHOD = new ThreadLocal<>();

	private final @Nullable String previous;

	private ReplayScope(@Nullable String previous) {
		this.previous = previous;
	}

	/**
	 * Enters the scope on this thread; close it to leave.
	 * @param methodId the {@link WriteMethod#id() id} of the method being replayed
	 */
	public static ReplayScope enter(String methodId) {
		String previous = METHOD.get();
		METHOD.set(methodId);
		return new ReplayScope(previous);
	}

	/** Whether this thread replays a journal entry now. */
	public static boolean active() {
		return METHOD.get() != null;
	}

	/** Whether this thread replays a journal entry of that method now. */
	public static boolean replaying(String methodId) {
		return methodId.equals(METHOD.get());
	}

	@Override
	public void close() {
		if (this.previous == null) {
			METHOD.remove();
		}
		else {
			METHOD.set(this.previous);
		}
	}

}
