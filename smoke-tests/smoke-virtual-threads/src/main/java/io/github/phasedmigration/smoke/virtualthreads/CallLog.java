package io.github.phasedmigration.smoke.virtualthreads;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Who ran, with which request id in the MDC, on which thread. */
@Component
public class CallLog {

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	void record(String impl) {
		Thread thread = Thread.currentThread();
		// Thread.isVirtual() is Java 21; the release level is 17
		this.calls.add(new Call(impl, MDC.get(RequestIdFilter.MDC_KEY), thread.getName(),
				thread.toString().startsWith("VirtualThread")));
	}

	public List<Call> of(String impl) {
		return this.calls.stream().filter((call) -> call.impl().equals(impl)).toList();
	}

	/** One call: {@code requestId} is what the MDC held while it ran. */
	public record Call(String impl, @Nullable String requestId, String thread, boolean virtual) {
	}

}
