package io.github.phasedmigration.benchmarks.jmh;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;

/**
 * The limit: an {@code @Around} advice that only proceeds. What any annotation-driven approach
 * costs at least (a Spring AOP proxy, the advice chain, the join point).
 */
@Aspect
public class EmptyAroundAspect {

	@Around("@annotation(io.github.phasedmigration.benchmarks.jmh.Intercepted)")
	public Object proceed(ProceedingJoinPoint joinPoint) throws Throwable {
		return joinPoint.proceed();
	}

}
