package io.github.phasedmigration.smoke.webflux;

import io.micrometer.context.ContextRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The tenant of a request, kept in the Reactor context under {@link #KEY} and, through Micrometer's
 * context propagation, in a thread local wherever a snapshot of that context is restored.
 */
public final class Tenant {

	public static final String KEY = "smoke.tenant";

	private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

	static {
		ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, CURRENT::get, CURRENT::set, CURRENT::remove);
	}

	private Tenant() {
	}

	/** The tenant in this thread's locals, or {@code null}. */
	public static @Nullable String current() {
		return CURRENT.get();
	}

	/** Registers the thread-local accessor (done once, when the class loads). */
	static void register() {
	}

}
