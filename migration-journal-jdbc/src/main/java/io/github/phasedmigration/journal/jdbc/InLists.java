package io.github.phasedmigration.journal.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Ids for {@code IN (:ids)} in bounded chunks, one statement each: Oracle takes 1000 elements at
 * most, SQL Server 2100 parameters.
 */
final class InLists {

	static final int CHUNK = 500;

	private InLists() {
	}

	/** The ids in chunks of at most {@value #CHUNK}, in their order. */
	static List<List<Long>> chunks(List<Long> ids) {
		List<List<Long>> chunks = new ArrayList<>();
		for (int start = 0; start < ids.size(); start += CHUNK) {
			chunks.add(ids.subList(start, Math.min(ids.size(), start + CHUNK)));
		}
		return chunks;
	}

}
