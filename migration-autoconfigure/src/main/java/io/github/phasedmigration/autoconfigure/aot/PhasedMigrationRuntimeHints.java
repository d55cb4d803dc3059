package io.github.phasedmigration.autoconfigure.aot;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.autoconfigure.backfill.BackfillSection;
import io.github.phasedmigration.autoconfigure.backfill.VerifySection;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint;
import io.github.phasedmigration.core.backfill.VerifyReport;

/**
 * The starter's own runtime hints, whatever the application: its annotation, read through
 * reflective calls of its attributes; the table scripts of the journal and of the backfill
 * checkpoints, loaded from the class path at start-up; and the endpoint's answers that its
 * operations declare as {@code Object} (the sections), which the Actuator's own processing cannot
 * see. Registered in {@code META-INF/spring/aot.factories}.
 */
public class PhasedMigrationRuntimeHints implements RuntimeHintsRegistrar {

	/** The journal's scripts, {@code schema-<platform>.sql}, in migration-journal-jdbc. */
	static final String JOURNAL_SCRIPTS = "io/github/phasedmigration/journal/jdbc/schema-*.sql";

	/** The backfill checkpoints' scripts, {@code schema-<platform>.sql}, in migration-backfill-jdbc. */
	static final String BACKFILL_SCRIPTS = "io/github/phasedmigration/backfill/jdbc/schema-*.sql";

	private static final String ENDPOINT = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// MergedAnnotations reads each attribute by calling its method reflectively
		hints.reflection().registerType(PhasedMigration.class, MemberCategory.INVOKE_DECLARED_METHODS);
		hints.resources().registerPattern(JOURNAL_SCRIPTS);
		hints.resources().registerPattern(BACKFILL_SCRIPTS);
		if (ClassUtils.isPresent(ENDPOINT, classLoader)) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					MigrationsEndpoint.ParkedEntriesDescriptor.class, MigrationsEndpoint.ParkedActionDescriptor.class,
					BackfillSection.BackfillDescriptor.class, VerifySection.VerifySummary.class, VerifyReport.class);
		}
	}

}
