package io.github.phasedmigration.core.compare;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Compares the results of the old and the new implementation of a migration and says how they
 * differ. It runs off the caller's thread; when it throws, the comparison is counted as an error
 * and the caller is not affected.
 *
 * <pre class="code">
 * public class PriceComparator implements ResultComparator {
 *     public List&lt;String&gt; differences(Object oldResult, Object newResult) {
 *         return ((Price) oldResult).cents() == ((Price) newResult).cents() ? List.of()
 *                 : List.of("cents: " + oldResult + " != " + newResult);
 *     }
 * }
 * </pre>
 */
@FunctionalInterface
public interface ResultComparator {

	/**
	 * Lists the differences between the two results.
	 * @param oldResult what the old implementation returned
	 * @param newResult what the new implementation returned
	 * @return human-readable differences, each naming where it is; empty when they match
	 */
	List<String> differences(@Nullable Object oldResult, @Nullable Object newResult);

}
