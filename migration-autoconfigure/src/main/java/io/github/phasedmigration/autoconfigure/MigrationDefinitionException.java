package io.github.phasedmigration.autoconfigure;

import java.util.List;


/**
 * Start-up failure: one or more {@code @PhasedMigration} declarations cannot work (no bean of the
 * new type, several, no matching method, an incompatible return type, a bad name).
 */
public class MigrationDefinitionException extends RuntimeException {

	private final List<String> problems;

	public MigrationDefinitionException(List<String> problems) {
		super("Invalid @PhasedMigration declarations:\n - " + String.join("\n - ", problems));
		this.problems = List.copyOf(problems);
	}

	/** Each problem, naming the annotated method, the newImpl type and the fix. */
	public List<String> getProblems() {
		return this.problems;
	}

}
