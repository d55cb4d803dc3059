package io.github.phasedmigration.autoconfigure.replay;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.springframework.aop.support.AopUtils;

import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.ReplayScope;
import io.github.phasedmigration.core.journal.ReplayTarget;

/**
 * Replays a journaled write on a bean. Old is called through its proxy so that its own advice
 * (transactions, retries) applies, while the {@link ReplayScope} keeps the migration's advice from
 * starting a dual write; new is called on its bean as the engine calls it. Asynchronous methods are
 * awaited, and the {@code Mono} of a reactive write is subscribed and awaited.
 */
public final class BeanReplayTarget implements ReplayTarget {

	private final Object oldBean;

	private final Method oldMethod;

	private final Object newBean;

	private final Method newMethod;

	private final JournaledWriteMethod writeMethod;

	public BeanReplayTarget(Object oldBean, Method oldMethod, Object newBean, Method newMethod,
			JournaledWriteMethod writeMethod) {
		this.oldBean = oldBean;
		this.oldMethod = oldMethod;
		this.newBean = newBean;
		this.newMethod = newMethod;
		this.writeMethod = writeMethod;
	}

	/** The old implementation's bean (its proxy). */
	public Object oldBean() {
		return this.oldBean;
	}

	@Override
	public void replay(JournalEntry entry) throws Throwable {
		Object[] live = entry.liveArguments();
		Object[] arguments = (live != null) ? live : this.writeMethod.decode(entry.arguments());
		Object result;
		try (ReplayScope scope = ReplayScope.enter(entry.method())) {
			result = (entry.impl() == Impl.OLD)
					? AopUtils.invokeJoinpointUsingReflection(this.oldBean, this.oldMethod, arguments)
					: AopUtils.invokeJoinpointUsingReflection(this.newBean, this.newMethod, arguments);
		}
		if (PublisherResults.awaitIfPublisher(result)) {
			return;
		}
		if (result instanceof CompletionStage<?> stage) {
			try {
				stage.toCompletableFuture().get();
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() != null) ? ex.getCause() : ex;
			}
		}
	}

}
