package io.github.phasedmigration.jdbc;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Fails the build on a cycle between the packages of this module, as Spring Boot's build fails on
 * a package tangle: each package has one job and depends only on packages below it.
 */
class PackageCyclesTests {

	@Test
	void packagesOfThisModuleHaveNoCycle() {
		// this module's compiled classes only, not the modules on its class path
		JavaClasses classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
		slices().matching("io.github.phasedmigration.(**)").should().beFreeOfCycles().check(classes);
	}

}
