package io.github.phasedmigration.observability;

import java.util.Set;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.phasedmigration.sample.payments.PendingPaymentsLedger;
import io.github.phasedmigration.sample.pricing.PricingServiceV2;

/**
 * Added to the sample app by the check: puts {@link Faults} in front of the two new
 * implementations, pricing V2 and the pending-payments ledger, without touching the sample's code.
 */
@Configuration(proxyBeanMethods = false)
class FaultInjection {

	@Bean
	static Faults faults() {
		return new Faults();
	}

	@Bean
	static AbstractBeanFactoryAwareAdvisingPostProcessor faultInjectingPostProcessor(Faults faults) {
		return new FaultInjectingPostProcessor(faults);
	}

	private static final class FaultInjectingPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

		private static final Set<String> LEDGER_WRITES = Set.of("recordPending", "markPaid");

		FaultInjectingPostProcessor(Faults faults) {
			setProxyTargetClass(true);
			setBeforeExistingAdvisors(true);
			MethodInterceptor inject = (invocation) -> {
				if (invocation.getThis() instanceof PricingServiceV2) {
					faults.beforePricing();
				}
				else {
					faults.beforeLedgerWrite();
				}
				return invocation.proceed();
			};
			this.advisor = new DefaultPointcutAdvisor(new StaticMethodMatcherPointcut() {

				@Override
				public boolean matches(java.lang.reflect.Method method, Class<?> targetClass) {
					return (PricingServiceV2.class.isAssignableFrom(targetClass) && method.getName().equals("quote"))
							|| (PendingPaymentsLedger.class.isAssignableFrom(targetClass)
									&& LEDGER_WRITES.contains(method.getName()));
				}

			}, inject);
		}

	}

}
