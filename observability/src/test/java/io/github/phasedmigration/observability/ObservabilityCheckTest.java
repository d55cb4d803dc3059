package io.github.phasedmigration.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check of the dashboard and the rules in this folder against a real Prometheus that scraped
 * the sample app through a run of all four modes with faults on the new side (see
 * {@link SampleUnderPrometheus}). Every query of the dashboard and every rule must answer with
 * data, the three key alerts must fire, pricing-v2 must roll back by itself, and promtool must accept
 * the rules, their tests, the configuration and the app's metrics. What needs no Prometheus runs in
 * every build instead: {@link RunbookTest} (each alert has its section of the runbook) and
 * {@link DocumentationLinksTest} (the pictures of the panels are committed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityCheckTest {

	private static final Path MODULE = Path.of("").toAbsolutePath();

	private static final Path PROMETHEUS = MODULE.resolve("prometheus");

	private static final Path RULES = PROMETHEUS.resolve("rules.yml");

	private static final Path DASHBOARD = MODULE.resolve("grafana/phased-migration.json");

	/** Grafana's own variables that a dashboard may use without defining them. */
	private static final Set<String> GRAFANA_VARIABLES = Set.of("__rate_interval", "__interval", "__interval_ms",
			"__range", "__range_s", "__range_ms", "__from", "__to", "__dashboard", "__org", "__user");

	private static final Duration STEP = Duration.ofSeconds(2);

	private PrometheusInstallation installation;

	private SampleUnderPrometheus run;

	private Dashboard dashboard;

	private RuleFile rules;

	private Path work;

	@BeforeAll
	void runTheSampleUnderPrometheus() throws Exception {
		this.installation = PrometheusInstallation.require();
		this.dashboard = Dashboard.load(DASHBOARD);
		this.rules = RuleFile.load(RULES);
		this.work = MODULE.resolve("target/observability-check");
		FileSystemUtils.deleteRecursively(this.work);
		Files.createDirectories(this.work);
		this.run = new SampleUnderPrometheus(this.work);
		this.run.run(this.installation.prometheus(), this.rules, PROMETHEUS.resolve("prometheus.yml"));
	}

	@AfterAll
	void stop() {
		if (this.run != null) {
			this.run.close();
		}
	}

	@Test
	void promtoolAcceptsTheRulesAndTheirUnitTests() {
		ProcessRun check = promtool(new byte[0], "check", "rules", "rules.yml");
		assertThat(check.exitCode()).as("%s", check).isZero();
		ProcessRun test = promtool(new byte[0], "test", "rules", "rules_test.yml");
		assertThat(test.exitCode()).as("%s", test).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	void promtoolAcceptsTheCommittedConfigurationAndTheCheckedCopy() {
		ProcessRun committed = promtool(new byte[0], "check", "config", "prometheus.yml");
		assertThat(committed.exitCode()).as("%s", committed).isZero();
		ProcessRun copy = promtool(new byte[0], "check", "config", this.work.resolve("prometheus.yml"));
		assertThat(copy.exitCode()).as("%s", copy).isZero();
	}

	@Test
	void promtoolAcceptsTheAppsMetrics() throws Exception {
		String exposition = scrape(this.run.appBase());
		// the whole page must parse; Boot's and the JVM's own meters have lint findings (exit 3) that are not ours
		ProcessRun all = promtool(exposition.getBytes(StandardCharsets.UTF_8), "check", "metrics");
		assertThat(all.exitCode()).as("%s", all).isIn(0, 3);
		assertThat(all.output()).as("%s", all).doesNotContain("migration_").doesNotContainIgnoringCase("error");
		String ours = exposition.lines()
			.filter((line) -> line.startsWith("migration_") || line.startsWith("# HELP migration_")
					|| line.startsWith("# TYPE migration_"))
			.collect(Collectors.joining("\n", "", "\n"));
		assertThat(ours).contains("migration_calls_seconds_bucket", "migration_reconciliation_pending");
		ProcessRun migration = promtool(ours.getBytes(StandardCharsets.UTF_8), "check", "metrics");
		assertThat(migration.exitCode()).as("%s", migration).isZero();
	}

	@Test
	void theDashboardIsWellFormed() {
		JsonNode root = this.dashboard.root();
		assertThat(root.has("__inputs")).as("__inputs breaks file provisioning").isFalse();
		List<JsonNode> panels = this.dashboard.panels();
		assertThat(panels).hasSizeGreaterThan(10);
		List<Integer> ids = panels.stream().map((panel) -> panel.path("id").asInt(-1)).toList();
		assertThat(ids).as("panel ids").doesNotContain(-1).doesNotHaveDuplicates();
		List<String> offVariable = new ArrayList<>();
		for (JsonNode panel : panels) {
			String title = panel.path("title").asString();
			if (!onDatasourceVariable(panel.path("datasource"))) {
				offVariable.add("panel '" + title + "'");
			}
			for (JsonNode target : panel.path("targets")) {
				if (!onDatasourceVariable(target.path("datasource"))) {
					offVariable.add("panel '" + title + "' query " + target.path("refId").asString());
				}
			}
		}
		Map<String, JsonNode> variables = new LinkedHashMap<>();
		this.dashboard.variables().forEach((variable) -> variables.put(variable.path("name").asString(), variable));
		for (JsonNode variable : variables.values()) {
			if ("query".equals(variable.path("type").asString()) && !onDatasourceVariable(variable.path("datasource"))) {
				offVariable.add("variable " + variable.path("name").asString());
			}
		}
		for (JsonNode annotation : root.path("annotations").path("list")) {
			if (!annotation.path("expr").asString().isEmpty() && !onDatasourceVariable(annotation.path("datasource"))) {
				offVariable.add("annotation " + annotation.path("name").asString());
			}
		}
		assertThat(offVariable).as("not on the datasource variable").isEmpty();
		assertThat(variables).containsKeys("datasource", "application", "instance", "migration");
		assertThat(variables.get("datasource").path("type").asString()).isEqualTo("datasource");
		assertThat(variables.get("datasource").path("query").asString()).isEqualTo("prometheus");
		assertThat(Dashboard.variableQuery(variables.get("migration"))).contains("label_values(", "migration_mode");
		for (String optional : List.of("application", "instance")) {
			assertThat(variables.get(optional).path("includeAll").asBoolean()).as(optional + " includeAll").isTrue();
			assertThat(variables.get(optional).path("allValue").asString()).as(optional + " allValue").isEqualTo(".*");
		}
		Set<String> undefined = new HashSet<>(this.dashboard.usedVariables());
		undefined.removeAll(variables.keySet());
		undefined.removeAll(GRAFANA_VARIABLES);
		assertThat(undefined).as("variables used but not defined").isEmpty();
	}

	@Test
	void everyDashboardQueryAnswersWithDataForEveryMigration() {
		List<Dashboard.Query> queries = new ArrayList<>(this.dashboard.queries());
		queries.addAll(this.dashboard.annotationQueries());
		assertThat(queries).hasSizeGreaterThan(15);
		List<String> problems = new ArrayList<>();
		for (Dashboard.Query query : queries) {
			boolean nonZero = false;
			// the backfill row shows migrations that have a Backfill bean; every other panel, all of them
			List<String> migrations = query.row().startsWith("Backfill") ? SampleUnderPrometheus.BACKFILLED
					: SampleUnderPrometheus.MIGRATIONS;
			for (String migration : migrations) {
				String expr = Dashboard.substitute(query.expr(), grafanaValues(migration));
				try {
					List<PrometheusApi.Series> answer = queryRange(expr);
					if (answer.isEmpty()) {
						problems.add(query + " [" + migration + "]: no data as " + expr);
					}
					nonZero |= answer.stream().anyMatch(PrometheusApi.Series::hasNonZeroPoint);
				}
				catch (PrometheusApi.PromQlError ex) {
					problems.add(query + " [" + migration + "]: " + ex.getMessage());
				}
			}
			if (!nonZero) {
				problems.add(query + ": only zeros in the whole run, for every migration");
			}
		}
		assertThat(problems).as("dashboard queries").isEmpty();
	}

	@Test
	void everyTemplateVariableHasValues() {
		Pattern labelValues = Pattern.compile("label_values\\((?:(.+),\\s*)?(\\w+)\\)");
		List<String> problems = new ArrayList<>();
		for (JsonNode variable : this.dashboard.variables()) {
			if (!"query".equals(variable.path("type").asString())) {
				continue;
			}
			String query = Dashboard.substitute(Dashboard.variableQuery(variable), grafanaValues(".*"));
			Matcher matcher = labelValues.matcher(query);
			if (!matcher.matches() || matcher.group(1) == null) {
				problems.add(variable.path("name").asString() + ": not label_values(selector, label): " + query);
				continue;
			}
			List<String> values = this.run.prometheus()
				.labelValues(matcher.group(2), matcher.group(1), this.run.start(), this.run.end());
			if (values.isEmpty()) {
				problems.add(variable.path("name").asString() + ": no values for " + query);
			}
		}
		assertThat(problems).as("template variables").isEmpty();
	}

	@Test
	void everyRuleAnswersWithDataAndEvaluatesWithoutError() {
		List<String> problems = new ArrayList<>();
		for (RuleFile.Rule rule : this.rules.rules()) {
			try {
				if (queryRange(rule.expr()).isEmpty()) {
					problems.add(rule.name() + ": no data in the whole run for " + rule.expr());
				}
			}
			catch (PrometheusApi.PromQlError ex) {
				problems.add(rule.name() + ": " + ex.getMessage());
			}
		}
		List<PrometheusApi.RuleHealth> health = this.run.prometheus().rules();
		assertThat(health).as("rules loaded by Prometheus").hasSameSizeAs(this.rules.rules());
		health.stream()
			.filter((rule) -> !"ok".equals(rule.health()))
			.forEach((rule) -> problems.add(rule.name() + " evaluates with " + rule.health() + ": " + rule.lastError()));
		assertThat(problems).as("rules").isEmpty();
	}

	@Test
	void theDiscrepancyNewErrorRateAndAutoRollbackAlertsFire() {
		assertThat(this.run.fired()).as("alerts that reached firing for pricing-v2; Prometheus log:%n%s",
				this.run.prometheusLog())
			.containsKeys(SampleUnderPrometheus.ALERTS_TO_FIRE.toArray(String[]::new));
	}

	@Test
	void pricingV2RolledBackByItselfWhenV2FailedInReverseShadow() {
		assertThat(this.run.rollbackBeforeFaults()).as("an automatic rollback before V2 failed").isNull();
		JsonNode change = this.run.rollback();
		assertThat(change).as("a history entry of pricing-v2 with source auto-rollback; Prometheus log:%n%s",
				this.run.prometheusLog()).isNotNull();
		assertThat(change.path("action").asString()).as("%s", change).isEqualTo("rollback");
		assertThat(change.path("from").asString()).as("%s", change).isEqualTo("REVERSE_SHADOW");
		assertThat(change.path("to").asString()).as("%s", change).isEqualTo("SHADOW");
		assertThat(change.path("measurements").path("new-error-rate").asString()).as("%s", change)
			.startsWith("fail");
		Map<String, Double> rollbacks = new HashMap<>();
		for (PrometheusApi.Series series : this.run.prometheus()
			.query("sum by (migration) (migration_rollbacks_total)", this.run.end())) {
			rollbacks.put(series.labels().get("migration"), series.points().get(0).value());
		}
		assertThat(rollbacks).as("migration_rollbacks_total at the end of the run")
			.containsOnlyKeys(SampleUnderPrometheus.MIGRATIONS)
			.containsEntry("pricing-v2", 1.0)
			.containsEntry("customer-source", 0.0);
	}

	@Test
	void callersNeverSawAnErrorWhateverFailedBehindThem() {
		Map<String, Long> calls = this.run.traffic().calls();
		long seconds = Duration.between(this.run.start(), this.run.end()).toSeconds();
		// 6 customers, 20 visits a second each: 120 quotes and 30 orders a second at full pace
		assertThat(calls.getOrDefault("GET /quotes", 0L)).as("quotes served in %d s", seconds)
			.isGreaterThan(40 * seconds);
		assertThat(calls.getOrDefault("POST /orders", 0L)).as("orders placed in %d s", seconds)
			.isGreaterThan(10 * seconds);
		assertThat(this.run.traffic().failures()).as("answers that were not 2xx").isEmpty();
	}

	@Test
	void drawsTheKeyPanelsFromTheRun() throws IOException {
		Path folder = this.work.resolve("images");
		PanelImages images = new PanelImages(this.run.phases(), folder);
		Map<String, String> values = grafanaValues("pricing-v2");
		List<Path> drawn = new ArrayList<>();
		Dashboard.Query mode = this.dashboard.queries()
			.stream()
			.filter((query) -> query.panel().equals("Mode over time"))
			.findFirst()
			.orElseThrow();
		drawn.add(images.modes("mode-over-time.png", "pricing-v2: mode over time",
				queryRange(Dashboard.substitute(mode.expr(), values)), mode.legendFormat()));
		drawn.add(images.lines("latency-old-vs-new.png", "pricing-v2: latency p50 / p99, old vs new (ms)", "ms",
				panelSeries("Latency p50 / p99, old vs new", values), (seconds) -> seconds * 1000));
		drawn.add(images.lines("discrepancy-rate.png", "pricing-v2: discrepancy rate (%), alert threshold 1%", "%",
				panelSeries("Discrepancy rate", values), (ratio) -> ratio * 100, 1.0));
		drawn.add(images.lines("error-rate-old-vs-new.png", "pricing-v2: error rate, old vs new (%)", "%",
				panelSeries("Error rate, old vs new", values), (ratio) -> ratio * 100));
		drawn.add(images.lines("reconciliation.png", "customer-source: pending and parked journal entries",
				"entries", panelSeries(List.of("Pending journal entries", "Parked entries"),
						grafanaValues("customer-source")),
				(entries) -> entries));
		for (Path image : drawn) {
			assertThat(Files.size(image)).as(image.toString()).isGreaterThan(10_000);
		}
		if (Boolean.getBoolean("observability.update-images")) {
			Path committed = Files.createDirectories(MODULE.resolve("images"));
			for (Path image : drawn) {
				Files.copy(image, committed.resolve(image.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	private Map<Dashboard.Query, List<PrometheusApi.Series>> panelSeries(String title, Map<String, String> values) {
		return panelSeries(List.of(title), values);
	}

	private Map<Dashboard.Query, List<PrometheusApi.Series>> panelSeries(List<String> titles,
			Map<String, String> values) {
		Map<Dashboard.Query, List<PrometheusApi.Series>> series = new LinkedHashMap<>();
		for (Dashboard.Query query : this.dashboard.queries()) {
			if (titles.contains(query.panel())) {
				series.put(titles.size() > 1 ? new Dashboard.Query(query.panel(), query.refId(), query.expr(),
						query.panel().toLowerCase(Locale.ROOT), query.row()) : query,
						queryRange(Dashboard.substitute(query.expr(), values)));
			}
		}
		assertThat(series).as("panels " + titles).isNotEmpty();
		return series;
	}

	private List<PrometheusApi.Series> queryRange(String expr) {
		return this.run.prometheus().queryRange(expr, this.run.start(), this.run.end(), STEP);
	}

	/** What Grafana puts in for the variables: All for application and instance, one migration. */
	private Map<String, String> grafanaValues(String migration) {
		Map<String, String> values = new HashMap<>();
		values.put("application", ".*");
		values.put("instance", ".*");
		values.put("migration", migration);
		values.put("datasource", "prometheus");
		// Grafana's would be 4 scrapes (4 s here); 15 s is smoother and still shows each phase of the short run
		values.put("__rate_interval", "15s");
		values.put("__interval", STEP.toSeconds() + "s");
		values.put("__range", Duration.between(this.run.start(), this.run.end()).toSeconds() + "s");
		return values;
	}

	private static boolean onDatasourceVariable(JsonNode datasource) {
		return "prometheus".equals(datasource.path("type").asString())
				&& "${datasource}".equals(datasource.path("uid").asString());
	}

	private ProcessRun promtool(byte[] input, Object... arguments) {
		Object[] command = new Object[arguments.length + 1];
		command[0] = this.installation.promtool();
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		return ProcessRun.of(PROMETHEUS, input, command);
	}

	private static String scrape(URI app) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(app.resolve("/actuator/prometheus"))
				.header("Accept", "text/plain; version=0.0.4")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
