package io.github.phasedmigration.autoconfigure;

import java.lang.reflect.Method;
import java.util.Objects;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.interceptor.ExposeInvocationInterceptor;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;

import io.github.phasedmigration.core.Invoker;
import io.github.phasedmigration.core.engine.MigrationCall;
import io.github.phasedmigration.core.engine.MigrationEngine;
import io.github.phasedmigration.core.journal.ReplayScope;

/**
 * Intercepts calls of annotated methods: finds the method's migration and hands the call to the
 * {@link MigrationEngine}. It does nothing else. The engine and the methods are looked up lazily so
 * that the advisor can exist before them. The engine proceeds the invocation exactly once, on the
 * caller's thread or, when old is the secondary of a read, on a pool thread; there the invocation
 * is exposed again, so that aspects further down the chain find it as they would on the caller's.
 */
public class PhasedMigrationInterceptor implements MethodInterceptor {

	private final ObjectProvider<MigrationEngine> engineProvider;

	private final ObjectProvider<MigrationMethods> methodsProvider;

	private volatile @Nullable MigrationEngine engine;

	private volatile @Nullable MigrationMethods methods;

	public PhasedMigrationInterceptor(ObjectProvider<MigrationEngine> engineProvider,
			ObjectProvider<MigrationMethods> methodsProvider) {
		this.engineProvider = engineProvider;
		this.methodsProvider = methodsProvider;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		if (target == null) {
			return invocation.proceed();
		}
		MigrationMethod method = migrationMethod(invocation.getMethod(), AopUtils.getTargetClass(target));
		if (method == null || (method.writeMethod() != null && ReplayScope.active()
				&& ReplayScope.replaying(method.writeMethod().id()))) {
			// a replay of a journal entry writes this side only: a dual write would write the other twice
			return invocation.proceed();
		}
		Object[] arguments = invocation.getArguments();
		Invoker oldInvoker = method.shape().reactive() ? repeatableOldInvoker(invocation) : oldInvoker(invocation);
		MigrationCall call = new MigrationCall(method.description(), arguments, method.kind(), method.shape(),
				oldInvoker, method.newInvoker(arguments), method.comparator(), method.writeMethod(),
				method.callKey());
		return engine().execute(method.migration(), call);
	}

	/**
	 * On the caller's thread the invocation is exposed already; on a pool thread (old as the
	 * secondary of a read) it is exposed again, so that aspects further down the chain find it.
	 */
	private static Invoker oldInvoker(MethodInvocation invocation) {
		Thread caller = Thread.currentThread();
		return () -> (Thread.currentThread() == caller) ? invocation.proceed()
				: ExposeInvocationInterceptor.INSTANCE.invoke(invocation);
	}

	/**
	 * A reactive method's old may run once per subscription (a secondary, a second write, a
	 * fallback): an invocation proceeds down its advice chain only once, so each run proceeds a
	 * fresh clone of it, taken before it first proceeded, with the advice after this one (transactions,
	 * security, caching) applied every time.
	 */
	private static Invoker repeatableOldInvoker(MethodInvocation invocation) {
		if (!(invocation instanceof ProxyMethodInvocation proxyInvocation)) {
			return oldInvoker(invocation);
		}
		MethodInvocation pristine = proxyInvocation.invocableClone();
		return () -> {
			MethodInvocation clone = ((ProxyMethodInvocation) pristine).invocableClone();
			return ExposeInvocationInterceptor.INSTANCE.invoke(clone);
		};
	}

	private @Nullable MigrationMethod migrationMethod(Method method, Class<?> targetClass) {
		return methods().resolveForCall(method, targetClass);
	}

	private MigrationEngine engine() {
		MigrationEngine current = this.engine;
		if (current == null) {
			current = Objects.requireNonNull(this.engineProvider.getObject());
			this.engine = current;
		}
		return current;
	}

	private MigrationMethods methods() {
		MigrationMethods current = this.methods;
		if (current == null) {
			current = Objects.requireNonNull(this.methodsProvider.getObject());
			this.methods = current;
		}
		return current;
	}

}
