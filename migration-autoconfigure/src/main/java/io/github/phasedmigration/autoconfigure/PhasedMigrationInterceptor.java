package io.github.phasedmigration.autoconfigure;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;

import io.github.phasedmigration.core.MigrationCall;
import io.github.phasedmigration.core.MigrationEngine;

/**
 * Intercepts calls of annotated methods: finds the method's migration and hands the call to the
 * {@link MigrationEngine}. It does nothing else. The engine and the methods are looked up lazily so
 * that the advisor can exist before them. The engine proceeds the invocation exactly once, on the
 * caller's thread or, when old is the secondary of a read, on a pool thread.
 */
public class PhasedMigrationInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(PhasedMigrationInterceptor.class);

	private final ObjectProvider<MigrationEngine> engineProvider;

	private final ObjectProvider<MigrationMethods> methodsProvider;

	private final AtomicBoolean invalidDeclarationLogged = new AtomicBoolean();

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
		if (method == null) {
			return invocation.proceed();
		}
		Object[] arguments = invocation.getArguments();
		MigrationCall call = new MigrationCall(method.description(), arguments, method.kind(), method.async(),
				invocation::proceed, method.newInvoker(arguments), method.comparator());
		return engine().execute(method.migration(), call);
	}

	private @Nullable MigrationMethod migrationMethod(Method method, Class<?> targetClass) {
		try {
			return methods().resolve(method, targetClass);
		}
		catch (MigrationMethods.InvalidDeclarationException ex) {
			// a bean created after start-up with a broken declaration: keep serving old, say so once
			if (this.invalidDeclarationLogged.compareAndSet(false, true)) {
				logger.error("Calls keep running the old implementation: " + ex.getMessage());
			}
			return null;
		}
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
