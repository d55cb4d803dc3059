package io.github.phasedmigration.smoke.webflux;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/** Both pricing versions as beans, and the filter that puts the request's tenant into the Reactor context. */
@Configuration(proxyBeanMethods = false)
class PricingConfiguration {

	@Bean
	PricingV1 pricingV1() {
		return new PricingV1();
	}

	@Bean
	PricingV2 pricingV2() {
		return new PricingV2();
	}

	@Bean
	WebFilter tenantFilter() {
		Tenant.register();
		return (exchange, chain) -> {
			String tenant = exchange.getRequest().getHeaders().getFirst("X-Tenant");
			return (tenant != null) ? chain.filter(exchange).contextWrite((context) -> context.put(Tenant.KEY, tenant))
					: chain.filter(exchange);
		};
	}

}
