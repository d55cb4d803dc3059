package io.github.phasedmigration.core.compare;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Default comparator: deep equality that walks arrays, lists, sets, maps and records and names
 * the path of each difference ({@code [2].price}, {@code {key}}, {@code .field}). Other objects
 * are compared with {@code equals}. Lists and arrays are compared in order, sets and maps
 * without order. At most {@value #MAX_DIFFERENCES} differences are listed.
 */
public class DeepEqualsComparator implements ResultComparator {

	/** The most differences listed for one comparison. */
	public static final int MAX_DIFFERENCES = 20;

	@Override
	public List<String> differences(@Nullable Object oldResult, @Nullable Object newResult) {
		List<String> differences = new ArrayList<>();
		compare("", oldResult, newResult, differences);
		return differences;
	}

	private void compare(String path, @Nullable Object oldValue, @Nullable Object newValue, List<String> out) {
		if (out.size() >= MAX_DIFFERENCES || oldValue == newValue) {
			return;
		}
		if (oldValue == null || newValue == null) {
			add(out, path, oldValue, newValue);
			return;
		}
		if (oldValue.getClass().isArray() && newValue.getClass().isArray()) {
			compareLists(path, arrayToList(oldValue), arrayToList(newValue), out);
		}
		else if (oldValue instanceof List<?> oldList && newValue instanceof List<?> newList) {
			compareLists(path, oldList, newList, out);
		}
		else if (oldValue instanceof Set<?> oldSet && newValue instanceof Set<?> newSet) {
			compareSets(path, oldSet, newSet, out);
		}
		else if (oldValue instanceof Map<?, ?> oldMap && newValue instanceof Map<?, ?> newMap) {
			compareMaps(path, oldMap, newMap, out);
		}
		else if (oldValue instanceof Collection<?> oldCollection && newValue instanceof Collection<?> newCollection) {
			compareLists(path, new ArrayList<>(oldCollection), new ArrayList<>(newCollection), out);
		}
		else if (oldValue instanceof Record && oldValue.getClass() == newValue.getClass()) {
			compareRecords(path, (Record) oldValue, (Record) newValue, out);
		}
		else if (!Objects.equals(oldValue, newValue)) {
			add(out, path, oldValue, newValue);
		}
	}

	private void compareLists(String path, List<?> oldList, List<?> newList, List<String> out) {
		if (oldList.size() != newList.size()) {
			out.add(label(path) + "size " + oldList.size() + " != " + newList.size());
		}
		Iterator<?> oldIterator = oldList.iterator();
		Iterator<?> newIterator = newList.iterator();
		int index = 0;
		while (oldIterator.hasNext() && newIterator.hasNext()) {
			compare(path + "[" + index++ + "]", oldIterator.next(), newIterator.next(), out);
		}
		int extra = index;
		while (oldIterator.hasNext() && out.size() < MAX_DIFFERENCES) {
			out.add(path + "[" + extra++ + "]: only in old: " + oldIterator.next());
		}
		while (newIterator.hasNext() && out.size() < MAX_DIFFERENCES) {
			out.add(path + "[" + extra++ + "]: only in new: " + newIterator.next());
		}
	}

	private void compareSets(String path, Set<?> oldSet, Set<?> newSet, List<String> out) {
		for (Object element : oldSet) {
			if (!newSet.contains(element) && out.size() < MAX_DIFFERENCES) {
				out.add(label(path) + "only in old: " + element);
			}
		}
		for (Object element : newSet) {
			if (!oldSet.contains(element) && out.size() < MAX_DIFFERENCES) {
				out.add(label(path) + "only in new: " + element);
			}
		}
	}

	private void compareMaps(String path, Map<?, ?> oldMap, Map<?, ?> newMap, List<String> out) {
		for (Map.Entry<?, ?> entry : oldMap.entrySet()) {
			String entryPath = path + "{" + entry.getKey() + "}";
			if (!newMap.containsKey(entry.getKey())) {
				if (out.size() < MAX_DIFFERENCES) {
					out.add(label(entryPath) + "only in old");
				}
			}
			else {
				compare(entryPath, entry.getValue(), newMap.get(entry.getKey()), out);
			}
		}
		for (Object key : newMap.keySet()) {
			if (!oldMap.containsKey(key) && out.size() < MAX_DIFFERENCES) {
				out.add(label(path + "{" + key + "}") + "only in new");
			}
		}
	}

	private void compareRecords(String path, Record oldRecord, Record newRecord, List<String> out) {
		for (RecordComponent component : oldRecord.getClass().getRecordComponents()) {
			try {
				component.getAccessor().trySetAccessible();
				compare(path + "." + component.getName(), component.getAccessor().invoke(oldRecord),
						component.getAccessor().invoke(newRecord), out);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				// an inaccessible record (a private nested one, say): whole-value equality still tells
				if (!oldRecord.equals(newRecord)) {
					add(out, path, oldRecord, newRecord);
				}
				return;
			}
		}
	}

	private static List<Object> arrayToList(Object array) {
		int length = Array.getLength(array);
		List<Object> list = new ArrayList<>(length);
		for (int i = 0; i < length; i++) {
			list.add(Array.get(array, i));
		}
		return list;
	}

	private static void add(List<String> out, String path, @Nullable Object oldValue, @Nullable Object newValue) {
		out.add(label(path) + oldValue + " != " + newValue);
	}

	private static String label(String path) {
		return path.isEmpty() ? "" : path + ": ";
	}

}
