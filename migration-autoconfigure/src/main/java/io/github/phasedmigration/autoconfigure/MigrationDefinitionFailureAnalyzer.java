package io.github.phasedmigration.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link MigrationDefinitionException} at start-up. */
class MigrationDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<MigrationDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MigrationDefinitionException cause) {
		StringBuilder description = new StringBuilder("Some @PhasedMigration declarations cannot work:\n");
		cause.getProblems().forEach((problem) -> description.append("\n    - ").append(problem));
		return new FailureAnalysis(description.toString(),
				"Fix each declaration as its line says: make the new implementation a single Spring bean, give it a "
						+ "public method with the same name and parameter types (or set newMethod), and a return "
						+ "type assignable to the annotated method's.",
				cause);
	}

}
