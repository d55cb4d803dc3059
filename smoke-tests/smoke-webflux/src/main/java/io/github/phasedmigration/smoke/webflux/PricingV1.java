package io.github.phasedmigration.smoke.webflux;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;

/** Pricing V1, the old side: the annotated methods. */
public class PricingV1 {

	/** Whether each call of V1 was made on a non-blocking thread (the event loop of the request). */
	private final List<Boolean> calledOnNonBlockingThread = new CopyOnWriteArrayList<>();

	private final List<String> writes = new CopyOnWriteArrayList<>();

	@PhasedMigration(name = "pricing-v2", newImpl = PricingV2.class)
	public Mono<Price> price(String sku) {
		this.calledOnNonBlockingThread.add(Schedulers.isInNonBlockingThread());
		return Mono.just(new Price(sku, 100L * sku.length()));
	}

	@PhasedMigration(name = "pricing-v2", newImpl = PricingV2.class)
	public Flux<Price> catalog(int size) {
		return Flux.range(1, size).map((i) -> new Price("sku-" + i, i * 10L));
	}

	@PhasedMigration(name = "pricing-v2", newImpl = PricingV2.class, kind = MigrationKind.WRITE)
	public Mono<String> setPrice(String sku, long cents) {
		return Mono.fromCallable(() -> {
			this.writes.add("v1 " + sku + "=" + cents);
			return sku;
		});
	}

	@PhasedMigration(name = "pricing-v2", newImpl = PricingV2.class)
	public Mono<String> tenant() {
		return Mono.deferContextual((context) -> Mono.just(context.getOrDefault(Tenant.KEY, "none")));
	}

	/** Read through a method: the bean may be a proxy, whose own fields are empty. */
	public List<Boolean> calledOnNonBlockingThread() {
		return this.calledOnNonBlockingThread;
	}

	public List<String> writes() {
		return this.writes;
	}

}
