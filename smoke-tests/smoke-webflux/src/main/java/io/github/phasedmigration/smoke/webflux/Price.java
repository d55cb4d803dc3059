package io.github.phasedmigration.smoke.webflux;

/** The price of one article, in cents. */
public record Price(String sku, long cents) {
}
