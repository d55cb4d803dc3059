package io.github.phasedmigration.sample.pricing;

/**
 * A price quote.
 *
 * @param sku the product
 * @param quantity how many
 * @param unitPriceCents list price of one
 * @param discountPercent bulk discount applied
 * @param totalCents what the customer pays
 */
public record Quote(String sku, int quantity, long unitPriceCents, int discountPercent, long totalCents) {

}
