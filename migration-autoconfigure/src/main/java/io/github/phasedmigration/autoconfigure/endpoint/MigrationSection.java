package io.github.phasedmigration.autoconfigure.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.phasedmigration.core.registry.Migration;

/**
 * A part of a migration with operations of its own under {@code /actuator/migrations/{name}/{segment}}:
 * the journal's parked entries, the backfill, verify. Sections are beans; the endpoint finds them.
 */
public interface MigrationSection {

	/** The path segment. */
	String segment();

	/** The actions a POST may ask for, for the answer to a wrong one. */
	List<String> actions();

	/**
	 * What a GET answers.
	 * @param page the page asked for, when the section pages
	 * @param size the page size asked for, when the section pages
	 */
	Object read(Migration migration, @Nullable Integer page, @Nullable Integer size);

	/**
	 * What a POST does.
	 * @param principal who asks, when known
	 * @throws org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException for a bad request (400)
	 * @throws io.github.phasedmigration.core.backfill.BackfillConflictException when the section is not in a
	 * state to do it (409)
	 */
	Object act(Migration migration, SectionRequest request, @Nullable String principal);

	/** What {@code /actuator/migrations/{name}} shows of this section; {@code null} for nothing. */
	default @Nullable Object summary(Migration migration) {
		return null;
	}

}
