package io.github.phasedmigration.autoconfigure.endpoint;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.ParkedActionDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.ParkedEntriesDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.ParkedEntryDescriptor;
import io.github.phasedmigration.core.journal.JournalEntry;
import io.github.phasedmigration.core.journal.JournalStatsCache;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.core.registry.Migration;

/**
 * {@code /actuator/migrations/{name}/parked}: the journal entries that ran out of attempts, listed
 * a page at a time, and retried or discarded (with a reason, recorded in the history and logged).
 */
public class ParkedEntriesSection implements MigrationSection {

	/** The path segment. */
	public static final String SEGMENT = "parked";

	/** Largest page of parked entries. */
	public static final int MAX_PAGE_SIZE = 500;

	private static final Log discardLogger = LogFactory.getLog("io.github.phasedmigration.failed-writes");

	private final JournalStatsCache journalStats;

	private final Clock clock = Clock.systemUTC();

	public ParkedEntriesSection(JournalStatsCache journalStats) {
		this.journalStats = journalStats;
	}

	@Override
	public String segment() {
		return SEGMENT;
	}

	@Override
	public List<String> actions() {
		return List.of("retry", "discard");
	}

	/** The parked entries, oldest first; page from 0, size 1 to {@value #MAX_PAGE_SIZE}, default 50. */
	@Override
	public ParkedEntriesDescriptor read(Migration migration, @Nullable Integer page, @Nullable Integer size) {
		int pageNumber = (page != null) ? page : 0;
		int pageSize = (size != null) ? size : 50;
		if (pageNumber < 0 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			throw new InvalidEndpointRequestException("page must be 0 or more and size between 1 and "
					+ MAX_PAGE_SIZE + "; were " + pageNumber + " and " + pageSize, "Invalid page");
		}
		List<ParkedEntryDescriptor> entries = journal().parked(migration.name(), pageNumber, pageSize)
			.stream()
			.map(ParkedEntryDescriptor::new)
			.toList();
		return new ParkedEntriesDescriptor(migration.name(), pageNumber, pageSize,
				this.journalStats.of(migration.name()).parked(), entries);
	}

	/**
	 * Retries parked entries now ({@code retry}), or discards them ({@code discard}, with a reason):
	 * their writes then never reach the other store.
	 */
	@Override
	public ParkedActionDescriptor act(Migration migration, SectionRequest request, @Nullable String principal) {
		String action = request.action();
		String reason = request.reason();
		List<Long> entryIds = (request.ids() != null) ? request.ids().stream().map(ParkedEntriesSection::entryId).toList()
				: null;
		String what = (entryIds != null) ? "entries " + entryIds : "all parked entries";
		int affected;
		if ("retry".equalsIgnoreCase(action)) {
			affected = journal().retryParked(migration.name(), entryIds, this.clock.instant());
		}
		else if ("discard".equalsIgnoreCase(action)) {
			if (reason == null || reason.isBlank()) {
				throw new InvalidEndpointRequestException("Discarding parked entries loses their writes for good: "
						+ "give a 'reason'", "Missing reason");
			}
			logDiscarded(migration.name(), entryIds, principal, reason);
			affected = journal().discardParked(migration.name(), entryIds);
		}
		else {
			throw new InvalidEndpointRequestException("Unknown action '" + action + "'; allowed values: retry, discard",
					"Invalid action");
		}
		String normalized = action.toLowerCase(Locale.ROOT);
		migration.recordAction(MigrationsEndpoint.SOURCE, "journal-" + normalized, principal,
				((reason != null) ? reason + "; " : "") + normalized + " of " + what + ": " + affected + " changed");
		this.journalStats.refresh();
		return new ParkedActionDescriptor(migration.name(), normalized, entryIds, affected);
	}

	private WriteJournal journal() {
		return this.journalStats.journal();
	}

	/** Their writes never reach the other store: the log keeps what they were, for a repair by hand. */
	private void logDiscarded(String migration, @Nullable List<Long> ids, @Nullable String principal, String reason) {
		for (int page = 0;; page++) {
			List<JournalEntry> entries = journal().parked(migration, page, MAX_PAGE_SIZE);
			for (JournalEntry entry : entries) {
				if (ids == null || ids.contains(entry.id())) {
					discardLogger.warn("Discarding parked journal entry " + entry.id() + " of migration '" + migration
							+ "' (by " + ((principal != null) ? principal : "an anonymous caller") + ": " + reason
							+ "): " + entry.method() + " to " + entry.impl().tag() + ", key " + entry.key()
							+ ", arguments " + entry.arguments() + ", last error " + entry.lastError());
				}
			}
			if (entries.size() < MAX_PAGE_SIZE) {
				return;
			}
		}
	}

	private static Long entryId(Object id) {
		if (id instanceof Number number && number.doubleValue() == number.longValue()) {
			return number.longValue();
		}
		try {
			return Long.valueOf(String.valueOf(id).trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidEndpointRequestException("'ids' must be entry ids (whole numbers); got " + id,
					"Invalid ids");
		}
	}

}
