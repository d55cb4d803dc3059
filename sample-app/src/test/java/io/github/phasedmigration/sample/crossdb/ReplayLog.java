package io.github.phasedmigration.sample.crossdb;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

import io.github.phasedmigration.core.journal.ReplayScope;
import io.github.phasedmigration.sample.payments.PendingPaymentsLedger;

/**
 * Records every replay of a journal entry on the new ledger, across all the instances of a test:
 * which instance replayed which order, in what order, and whether two replays of one order were
 * ever in flight at once (two claimers holding the same entry, or two entries of one key).
 */
final class ReplayLog {

	private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

	private final Queue<String> overlaps = new ConcurrentLinkedQueue<>();

	private final Queue<Replay> replays = new ConcurrentLinkedQueue<>();

	private final Map<String, AtomicLong> byInstance = new ConcurrentHashMap<>();

	/** Wraps the new ledger of one instance; replays are told apart from live writes by the {@link ReplayScope}. */
	BeanPostProcessor postProcessor(String instance) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof PendingPaymentsLedger)) {
					return bean;
				}
				ProxyFactory factory = new ProxyFactory(bean);
				// a subclass: the engine looks the new implementation up by its class
				factory.setProxyTargetClass(true);
				factory.addAdvice((MethodInterceptor) (invocation) -> {
					if (!ReplayScope.active() || invocation.getArguments().length == 0) {
						return invocation.proceed();
					}
					long orderId = (Long) invocation.getArguments()[0];
					if (!ReplayLog.this.inFlight.add(orderId)) {
						ReplayLog.this.overlaps.add("order " + orderId + " replayed by " + instance
								+ " while another replay of it was in flight");
					}
					try {
						Object result = invocation.proceed();
						ReplayLog.this.replays.add(new Replay(instance, invocation.getMethod().getName(),
								List.of(invocation.getArguments())));
						ReplayLog.this.byInstance.computeIfAbsent(instance, (name) -> new AtomicLong()).incrementAndGet();
						return result;
					}
					finally {
						ReplayLog.this.inFlight.remove(orderId);
					}
				});
				return factory.getProxy(bean.getClass().getClassLoader());
			}

		};
	}

	/** Replays that went through, all instances together. */
	long successful() {
		return this.replays.size();
	}

	/** Replays that went through on one instance. */
	long successful(String instance) {
		AtomicLong count = this.byInstance.get(instance);
		return (count != null) ? count.get() : 0;
	}

	/** Every moment two replays of one order ran at once; empty when none did. */
	List<String> overlaps() {
		return List.copyOf(this.overlaps);
	}

	/** The replays of one order that went through, in the order they finished. */
	List<Replay> of(long orderId) {
		return this.replays.stream().filter((replay) -> replay.arguments().get(0).equals(orderId)).toList();
	}

	/**
	 * One replay that went through.
	 *
	 * @param instance who replayed it
	 * @param method recordPending or markPaid
	 * @param arguments its arguments, the order id first
	 */
	record Replay(String instance, String method, List<Object> arguments) {
	}

}
