package io.github.phasedmigration.smoke.support;

import java.util.Arrays;

/**
 * Values of one series in the text of {@code /actuator/prometheus}.
 *
 * <pre class="code">
 * double matches = PrometheusScrape.value(http.get("/actuator/prometheus"),
 *         "migration_comparisons_total", "migration=\"pricing-v2\"", "result=\"match\"");
 * </pre>
 */
public final class PrometheusScrape {

	private PrometheusScrape() {
	}

	/**
	 * The value of the first sample of the metric whose labels include all those given, or 0 when
	 * the scrape has none (a counter not yet incremented has no series).
	 * @param scrape the text format, as the endpoint answers it
	 * @param metric the sample's name, e.g. {@code migration_comparisons_total}
	 * @param labels labels as written in the scrape, e.g. {@code result="match"}
	 */
	public static double value(String scrape, String metric, String... labels) {
		return scrape.lines()
			.filter((line) -> line.startsWith(metric + "{"))
			.filter((line) -> Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElse(0);
	}

}
