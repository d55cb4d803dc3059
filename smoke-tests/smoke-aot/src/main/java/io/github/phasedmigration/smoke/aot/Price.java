package io.github.phasedmigration.smoke.aot;

/**
 * What both price catalogs answer; a record, so that the default comparator walks its components.
 *
 * @param sku the article
 * @param cents the price
 */
public record Price(String sku, long cents) {
}
