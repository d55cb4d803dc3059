package io.github.phasedmigration.core.discrepancy;

import java.time.Instant;
import java.util.List;

/**
 * One recorded discrepancy, rendered to text and truncated so that the ring stays small.
 *
 * @param time when the comparison ran
 * @param migration the migration's name
 * @param method the annotated method
 * @param category what kind of difference
 * @param arguments the caller's arguments, rendered
 * @param oldResult old's result or exception, rendered
 * @param newResult new's result or exception, rendered
 * @param differences what the comparator found
 */
public record Discrepancy(Instant time, String migration, String method, MismatchCategory category,
		String arguments, String oldResult, String newResult, List<String> differences) {

}
