package io.github.phasedmigration.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link UnknownMigrationPropertiesException} at start-up. */
class UnknownMigrationPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<UnknownMigrationPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownMigrationPropertiesException cause) {
		StringBuilder description = new StringBuilder("Some migration configuration keys are not known:\n");
		cause.getProblems().forEach((problem) -> description.append("\n    - ").append(problem));
		return new FailureAnalysis(description.toString(),
				"Correct each key to one of the known keys its line lists, or remove it.", cause);
	}

}
