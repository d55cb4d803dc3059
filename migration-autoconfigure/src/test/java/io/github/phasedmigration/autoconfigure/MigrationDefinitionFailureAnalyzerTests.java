package io.github.phasedmigration.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** {@link MigrationDefinitionFailureAnalyzer} on its own. */
class MigrationDefinitionFailureAnalyzerTests {

	private final MigrationDefinitionFailureAnalyzer analyzer = new MigrationDefinitionFailureAnalyzer();

	@Test
	void describesEveryProblemOnItsOwnLineAndSaysHowToFixThem() {
		MigrationDefinitionException exception = new MigrationDefinitionException(
				List.of("@PhasedMigration(name = \"a\") on A.read(): no bean of newImpl type x.NewA",
						"@PhasedMigration(name = \"b\") on B.read(): 2 beans of newImpl type x.NewB"));

		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("wrapper", exception));

		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("Some @PhasedMigration declarations cannot work:")
			.contains("\n    - @PhasedMigration(name = \"a\") on A.read(): no bean of newImpl type x.NewA")
			.contains("\n    - @PhasedMigration(name = \"b\") on B.read(): 2 beans of newImpl type x.NewB");
		assertThat(analysis.getAction()).contains("single Spring bean")
			.contains("same name and parameter types")
			.contains("newMethod")
			.contains("return type");
		assertThat(analysis.getCause()).isSameAs(exception);
	}

	@Test
	void leavesOtherFailuresToOtherAnalyzers() {
		assertThat(this.analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void problemsAreKeptAndListedInTheMessage() {
		MigrationDefinitionException exception = new MigrationDefinitionException(List.of("first", "second"));

		assertThat(exception.getProblems()).containsExactly("first", "second");
		assertThat(exception.getMessage()).isEqualTo("Invalid @PhasedMigration declarations:\n - first\n - second");
	}

}
