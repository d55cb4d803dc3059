package io.github.phasedmigration.core.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DeepEqualsComparatorTest {

	private final DeepEqualsComparator comparator = new DeepEqualsComparator();

	public record Price(String currency, long cents) {
	}

	public record Line(String sku, Price price) {
	}

	public record Order(long id, List<Line> lines, Map<String, String> tags) {
	}

	public record Other(String currency, long cents) {
	}

	private List<String> differences(Object oldResult, Object newResult) {
		return this.comparator.differences(oldResult, newResult);
	}

	// ---- equal values

	@Test
	void equalValuesHaveNoDifferences() {
		Order order = new Order(1, List.of(new Line("a", new Price("EUR", 100))), Map.of("k", "v"));
		Order copy = new Order(1, new ArrayList<>(List.of(new Line("a", new Price("EUR", 100)))),
				new LinkedHashMap<>(Map.of("k", "v")));

		assertThat(differences("a", "a")).isEmpty();
		assertThat(differences(null, null)).isEmpty();
		assertThat(differences(order, order)).isEmpty();
		assertThat(differences(order, copy)).isEmpty();
		assertThat(differences(new int[] { 1, 2 }, new int[] { 1, 2 })).isEmpty();
		assertThat(differences(List.of(), List.of())).isEmpty();
	}

	@Test
	void aPrimitiveArrayAndABoxedArrayWithTheSameElementsMatch() {
		assertThat(differences(new int[] { 1, 2 }, new Integer[] { 1, 2 })).isEmpty();
	}

	// ---- scalars and nulls

	@Test
	void differentScalarsAreOneDifferenceWithoutPath() {
		assertThat(differences(1, 2)).containsExactly("1 != 2");
		assertThat(differences("a", "b")).containsExactly("a != b");
	}

	@Test
	void numbersOfDifferentTypesDifferEvenWithTheSameValue() {
		assertThat(differences(1, 1L)).containsExactly("1 != 1");
	}

	@Test
	void nullAgainstAValueIsADifference() {
		assertThat(differences(null, "x")).containsExactly("null != x");
		assertThat(differences("x", null)).containsExactly("x != null");
		assertThat(differences(Arrays.asList("a", null), Arrays.asList("a", "b"))).containsExactly("[1]: null != b");
		assertThat(differences(new Price(null, 1), new Price("EUR", 1))).containsExactly(".currency: null != EUR");
	}

	// ---- arrays and lists, in order

	@Test
	void arraysAreComparedElementByElement() {
		assertThat(differences(new int[] { 1, 2, 3 }, new int[] { 1, 2, 4 })).containsExactly("[2]: 3 != 4");
		assertThat(differences(new String[] { "a", "b" }, new String[] { "b", "a" })).containsExactly("[0]: a != b",
				"[1]: b != a");
	}

	@Test
	void aSizeDifferenceIsReportedWithTheCommonPrefixComparedAndTheExtraElementsNamed() {
		assertThat(differences(new int[] { 1, 2 }, new int[] { 9, 2, 3 })).containsExactly("size 2 != 3",
				"[0]: 1 != 9", "[2]: only in new: 3");
		assertThat(differences(List.of(1, 2, 3, 4), List.of(1, 2))).containsExactly("size 4 != 2",
				"[2]: only in old: 3", "[3]: only in old: 4");
	}

	@Test
	void nestedListsNameTheFullPath() {
		assertThat(differences(List.of(List.of(1, 2), List.of(3)), List.of(List.of(1, 2), List.of(4))))
			.containsExactly("[1][0]: 3 != 4");
		assertThat(differences(List.of(List.of(1)), List.of(List.of(1, 2)))).containsExactly("[0]: size 1 != 2",
				"[0][1]: only in new: 2");
	}

	@Test
	void anArrayAgainstAListIsOneDifference() {
		assertThat(differences(new Integer[] { 1 }, List.of(1))).hasSize(1);
	}

	// ---- sets and maps, without order

	@Test
	void setsAreComparedWithoutOrder() {
		assertThat(differences(Set.of(1, 2, 3), new LinkedHashSet<>(List.of(3, 2, 1)))).isEmpty();
		assertThat(differences(new LinkedHashSet<>(List.of(1, 2)), new LinkedHashSet<>(List.of(2, 3))))
			.containsExactly("only in old: 1", "only in new: 3");
		assertThat(differences(List.of(Set.of("a")), List.of(Set.of("b")))).containsExactly("[0]: only in old: a",
				"[0]: only in new: b");
	}

	@Test
	void mapsAreComparedByKeyWithoutOrder() {
		Map<String, Integer> old = new LinkedHashMap<>();
		old.put("a", 1);
		old.put("b", 2);
		Map<String, Integer> reordered = new LinkedHashMap<>();
		reordered.put("b", 2);
		reordered.put("a", 1);
		assertThat(differences(old, reordered)).isEmpty();

		Map<String, Integer> changed = new LinkedHashMap<>();
		changed.put("b", 3);
		changed.put("c", 4);
		assertThat(differences(old, changed)).containsExactly("{a}: only in old", "{b}: 2 != 3", "{c}: only in new");
	}

	@Test
	void mapValuesAreComparedDeeply() {
		assertThat(differences(Map.of("k", List.of(1, 2)), Map.of("k", List.of(1, 3)))).containsExactly("{k}[1]: 2 != 3");
	}

	// ---- records

	@Test
	void recordsAreComparedComponentByComponentWithPaths() {
		List<Price> old = List.of(new Price("EUR", 100), new Price("EUR", 250));
		List<Price> neu = List.of(new Price("EUR", 100), new Price("EUR", 260));

		assertThat(differences(old, neu)).containsExactly("[1].cents: 250 != 260");
	}

	@Test
	void nestedRecordsListsAndMapsNameTheFullPath() {
		Order old = new Order(7, List.of(new Line("a", new Price("EUR", 1)), new Line("b", new Price("EUR", 2))),
				Map.of("channel", "web"));
		Order neu = new Order(7, List.of(new Line("a", new Price("EUR", 1)), new Line("b", new Price("USD", 2))),
				Map.of("channel", "app"));

		assertThat(differences(old, neu)).containsExactly(".lines[1].price.currency: EUR != USD",
				".tags{channel}: web != app");
	}

	@Test
	void recordsOfDifferentTypesAreComparedWithEquals() {
		assertThat(differences(new Price("EUR", 1), new Other("EUR", 1)))
			.containsExactly("Price[currency=EUR, cents=1] != Other[currency=EUR, cents=1]");
	}

	// ---- bounded output

	@Test
	void atMostTwentyDifferencesAreListed() {
		List<Integer> old = IntStream.range(0, 100).boxed().toList();
		List<Integer> neu = IntStream.range(100, 200).boxed().toList();

		List<String> differences = differences(old, neu);

		assertThat(differences).hasSize(DeepEqualsComparator.MAX_DIFFERENCES);
		assertThat(differences.get(0)).isEqualTo("[0]: 0 != 100");
	}

	@Test
	void theLimitHoldsForSetsAndMapsToo() {
		Set<Integer> old = new LinkedHashSet<>(IntStream.range(0, 50).boxed().toList());
		Set<Integer> neu = new LinkedHashSet<>(IntStream.range(50, 100).boxed().toList());
		assertThat(differences(old, neu)).hasSize(DeepEqualsComparator.MAX_DIFFERENCES);

		Map<Integer, Integer> oldMap = new LinkedHashMap<>();
		Map<Integer, Integer> newMap = new LinkedHashMap<>();
		IntStream.range(0, 50).forEach((i) -> oldMap.put(i, i));
		IntStream.range(50, 100).forEach((i) -> newMap.put(i, i));
		assertThat(differences(oldMap, newMap)).hasSize(DeepEqualsComparator.MAX_DIFFERENCES);
	}

}
