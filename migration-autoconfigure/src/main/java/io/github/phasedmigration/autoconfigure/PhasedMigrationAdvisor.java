package io.github.phasedmigration.autoconfigure;

import java.lang.reflect.Method;

import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;

import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Applies the {@link PhasedMigrationInterceptor} to every bean method that a
 * {@link PhasedMigration} covers, whether the annotation sits on the method, on an interface
 * method it implements, or on the class. The new implementation's own methods are left alone.
 *
 * <p>It runs outside the other advice of the bean by default ({@link #DEFAULT_ORDER}, set with
 * {@code migration.interceptor-order}): old's transactions, retries and other aspects belong to
 * old's run, wherever that run happens.
 */
public class PhasedMigrationAdvisor extends AbstractPointcutAdvisor {

	/** Just inside Spring's own exposing of the invocation, outside everything else. */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private final transient PhasedMigrationInterceptor interceptor;

	private final transient Pointcut pointcut = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			PhasedMigration annotation = PhasedMigrationAnnotations.find(method, targetClass);
			return annotation != null && !annotation.newImpl().isAssignableFrom(targetClass);
		}

	};

	public PhasedMigrationAdvisor(PhasedMigrationInterceptor interceptor) {
		this(interceptor, DEFAULT_ORDER);
	}

	public PhasedMigrationAdvisor(PhasedMigrationInterceptor interceptor, int order) {
		this.interceptor = interceptor;
		setOrder(order);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

}
