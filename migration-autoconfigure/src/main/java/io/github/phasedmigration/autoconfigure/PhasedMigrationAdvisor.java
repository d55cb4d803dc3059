package io.github.phasedmigration.autoconfigure;

import java.lang.reflect.Method;

import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Applies the {@link PhasedMigrationInterceptor} to every bean method that a
 * {@link PhasedMigration} covers, whether the annotation sits on the method, on an interface
 * method it implements, or on the class. The new implementation's own methods are left alone.
 */
public class PhasedMigrationAdvisor extends AbstractPointcutAdvisor {

	private final transient PhasedMigrationInterceptor interceptor;

	private final transient Pointcut pointcut = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			PhasedMigration annotation = PhasedMigrationAnnotations.find(method, targetClass);
			return annotation != null && !annotation.newImpl().isAssignableFrom(targetClass);
		}

	};

	public PhasedMigrationAdvisor(PhasedMigrationInterceptor interceptor) {
		this.interceptor = interceptor;
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
