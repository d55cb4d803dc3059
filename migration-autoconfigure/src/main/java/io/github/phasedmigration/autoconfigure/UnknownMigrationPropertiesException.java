package io.github.phasedmigration.autoconfigure;

import java.util.List;

/**
 * Start-up failure: keys under {@code migration.instances.<name>} or {@code migration.defaults}
 * that the starter does not know, such as a typo ({@code mdoe}) that would otherwise be ignored
 * silently.
 */
public class UnknownMigrationPropertiesException extends IllegalStateException {

	private final List<String> problems;

	public UnknownMigrationPropertiesException(List<String> problems) {
		super("Unknown migration configuration keys:\n - " + String.join("\n - ", problems));
		this.problems = List.copyOf(problems);
	}

	/** Each unknown key with the keys allowed in its place. */
	public List<String> getProblems() {
		return this.problems;
	}

}
