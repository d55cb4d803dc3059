package io.github.phasedmigration.smoke.webflux;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Pricing V2, the new side. It is slow for {@code "slow"} (longer than the migration's timeout),
 * fails for {@code "broken"}, and records where and with which context it was called.
 */
public class PricingV2 {

	private final List<Boolean> calledOnNonBlockingThread = new CopyOnWriteArrayList<>();

	private final List<String> tenantsInThreadLocal = new CopyOnWriteArrayList<>();

	private final List<String> writes = new CopyOnWriteArrayList<>();

	private final List<String> cancelled = new CopyOnWriteArrayList<>();

	public Mono<Price> price(String sku) {
		this.calledOnNonBlockingThread.add(Schedulers.isInNonBlockingThread());
		if (sku.equals("broken")) {
			return Mono.error(new IllegalStateException("pricing V2 has no price for " + sku));
		}
		Mono<Price> price = Mono.just(new Price(sku, 100L * sku.length()));
		if (sku.equals("slow")) {
			return price.delayElement(Duration.ofSeconds(5)).doOnCancel(() -> this.cancelled.add(sku));
		}
		return price;
	}

	public Flux<Price> catalog(int size) {
		return Flux.range(1, size).map((i) -> new Price("sku-" + i, i * 10L));
	}

	public Mono<String> setPrice(String sku, long cents) {
		return Mono.fromCallable(() -> {
			this.writes.add("v2 " + sku + "=" + cents);
			return sku;
		});
	}

	public Mono<String> tenant() {
		this.tenantsInThreadLocal.add(String.valueOf(Tenant.current()));
		return Mono.deferContextual((context) -> Mono.just(context.getOrDefault(Tenant.KEY, "none")));
	}

	/** Read through a method: the bean may be a proxy, whose own fields are empty. */
	public List<Boolean> calledOnNonBlockingThread() {
		return this.calledOnNonBlockingThread;
	}

	public List<String> tenantsInThreadLocal() {
		return this.tenantsInThreadLocal;
	}

	public List<String> writes() {
		return this.writes;
	}

	public List<String> cancelled() {
		return this.cancelled;
	}

}
