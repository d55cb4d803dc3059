package io.github.phasedmigration.smoke.aot;

/**
 * A customer as both stores write it; the journal keeps it as JSON until a replay reads it back.
 *
 * @param id the migration key
 * @param name the name
 */
public record Customer(String id, String name) {
}
