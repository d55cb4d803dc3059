package io.github.phasedmigration.observability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every alert of {@code rules.yml} links to its own section of the runbook next to it,
 * {@code RUNBOOK.md}, whose sections are the alerts, one each. Needs no Prometheus, so it runs in
 * every build, unlike {@link ObservabilityCheckTest}.
 */
class RunbookTest {

	private static final Path PROMETHEUS = Path.of("prometheus");

	private static final Path RUNBOOK = PROMETHEUS.resolve("RUNBOOK.md");

	/** Where the runbook is read: the repository's main branch on GitHub. */
	static final String RUNBOOK_URL = "https://github.com/phasedmigration/phased-migration/blob/main/observability/prometheus/RUNBOOK.md#";

	private static final List<String> ALL_SEVERITIES = List.of("warning", "critical");

	@Test
	void everyAlertHasSeverityTextsAndItsOwnSectionOfTheRunbook() throws IOException {
		List<RuleFile.Rule> alerts = RuleFile.load(PROMETHEUS.resolve("rules.yml")).alerts();
		assertThat(alerts).extracting(RuleFile.Rule::name)
			.containsExactlyInAnyOrder("MigrationReconciliationStalled", "MigrationBackfillStalled",
					"MigrationBackfillFailed", "MigrationVerifyFoundDifferences", "MigrationDiscrepancyRateHigh",
					"MigrationNewErrorRateHigh", "MigrationNewLatencyHigh", "MigrationAutoRolledBack",
					"MigrationSecondaryTimeouts", "MigrationSecondaryRejected", "MigrationReconciliationBacklogGrowing",
					"MigrationJournalEntriesParked", "MigrationJournalWriteFailures");
		MarkdownPage runbook = MarkdownPage.read(RUNBOOK);
		for (RuleFile.Rule alert : alerts) {
			assertThat(alert.labels().get("severity")).as(alert.name() + " severity").isIn(ALL_SEVERITIES);
			assertThat(alert.annotations()).as(alert.name()).containsKeys("summary", "description", "runbook_url");
			String anchor = MarkdownPage.anchor(alert.name());
			assertThat(alert.annotations().get("runbook_url")).as(alert.name() + " runbook_url")
				.isEqualTo(RUNBOOK_URL + anchor);
			assertThat(runbook.headings()).as(alert.name() + ": its section in RUNBOOK.md")
				.containsEntry(anchor, alert.name());
		}
	}

	@Test
	void everySectionOfTheRunbookIsAnAlert() throws IOException {
		Set<String> alerts = new TreeSet<>();
		RuleFile.load(PROMETHEUS.resolve("rules.yml")).alerts().forEach((alert) -> alerts.add(alert.name()));
		Set<String> sections = new TreeSet<>(MarkdownPage.read(RUNBOOK).headings().values());
		sections.remove(sections.stream().filter((heading) -> heading.startsWith("Runbook")).findFirst().orElseThrow());
		assertThat(sections).as("sections of RUNBOOK.md (one per alert of rules.yml, no other)").isEqualTo(alerts);
	}

}
