package io.github.phasedmigration.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.core.compare.ResultComparator;

/**
 * An application with two read migrations keyed by SKU, for canaries and guard rails:
 * {@value #PRICES} (whose new side can be told to fail) and {@value #STOCK} (always healthy).
 * Both sides give the same figures; each quote says which side served it, and the comparator
 * ignores that, so that healthy traffic matches and a test still sees who answered.
 */
public final class Prices {

	public static final String PRICES = "prices";

	public static final String STOCK = "stock";

	private Prices() {
	}

	static long cents(String sku) {
		return 100L * sku.length();
	}

	/** A figure for a SKU, and which implementation served it. */
	public record Quote(String sku, long amount, String servedBy) {
	}

	/** Compares the figures, not who served them. */
	public static class QuoteComparator implements ResultComparator {

		@Override
		public List<String> differences(@Nullable Object oldResult, @Nullable Object newResult) {
			if (oldResult instanceof Quote old && newResult instanceof Quote now) {
				List<String> differences = new ArrayList<>();
				if (!old.sku().equals(now.sku())) {
					differences.add("sku: " + old.sku() + " != " + now.sku());
				}
				if (old.amount() != now.amount()) {
					differences.add("amount: " + old.amount() + " != " + now.amount());
				}
				return differences;
			}
			return Objects.equals(oldResult, newResult) ? List.of() : List.of(oldResult + " != " + newResult);
		}

	}

	public static class OldPrices {

		@PhasedMigration(name = PRICES, newImpl = NewPrices.class, key = "#sku", comparator = QuoteComparator.class)
		public Quote price(String sku) {
			return new Quote(sku, cents(sku), "old");
		}

	}

	/** Throws while {@link #startFailing() failing}, as a new service that went down. */
	public static class NewPrices {

		private volatile boolean failing;

		public Quote price(String sku) {
			if (this.failing) {
				throw new IllegalStateException("new price service is down");
			}
			return new Quote(sku, cents(sku), "new");
		}

		public void startFailing() {
			this.failing = true;
		}

	}

	public static class OldStock {

		@PhasedMigration(name = STOCK, newImpl = NewStock.class, key = "#sku", comparator = QuoteComparator.class)
		public Quote stock(String sku) {
			return new Quote(sku, sku.length(), "old");
		}

	}

	public static class NewStock {

		public Quote stock(String sku) {
			return new Quote(sku, sku.length(), "new");
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class PricesConfiguration {

		@Bean
		OldPrices oldPrices() {
			return new OldPrices();
		}

		@Bean
		NewPrices newPrices() {
			return new NewPrices();
		}

		@Bean
		OldStock oldStock() {
			return new OldStock();
		}

		@Bean
		NewStock newStock() {
			return new NewStock();
		}

	}

}
