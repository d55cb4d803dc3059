package io.github.phasedmigration.observability;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.phasedmigration.sample.SampleApplication;

import static org.awaitility.Awaitility.await;

/**
 * The run the check looks at: the sample app on a random port with {@link FaultInjection}, a real
 * Prometheus scraping it every second and evaluating the rules, and customers driving traffic
 * while both migrations go through the four modes and things go wrong on the new side:
 * discrepancies (pricing V2 differs on large orders), a new implementation that starts failing,
 * secondaries slower than their timeout and a pool too small for them, writes that fail and go
 * through the journal until they park, a journal that cannot be written for a moment, an entry
 * stuck for two hours, and a pricing V2 failing in REVERSE_SHADOW until pricing-v2 rolls back to
 * SHADOW by itself (and is switched forward again once its window is ready).
 */
final class SampleUnderPrometheus implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SampleUnderPrometheus.class);

	static final List<String> MIGRATIONS = List.of("pricing-v2", "customer-source");

	/** The migrations with a Backfill bean. */
	static final List<String> BACKFILLED = List.of("customer-source");

	/** How long each alert must hold in the check's copy of the rules, instead of its minutes. */
	static final String ALERT_HOLD = "5s";

	/** The alerts the run must bring to firing in SHADOW, for pricing-v2. */
	static final Set<String> ALERTS_IN_SHADOW = Set.of("MigrationDiscrepancyRateHigh", "MigrationNewErrorRateHigh");

	/** The alert the automatic rollback of pricing-v2 must bring to firing. */
	static final String ROLLBACK_ALERT = "MigrationAutoRolledBack";

	/** The alerts the run must bring to firing, for pricing-v2. */
	static final Set<String> ALERTS_TO_FIRE = Set.of("MigrationDiscrepancyRateHigh", "MigrationNewErrorRateHigh",
			ROLLBACK_ALERT);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<PanelImages.Phase> phases = new ArrayList<>();

	private final Map<String, Instant> fired = new ConcurrentHashMap<>();

	private final Path work;

	private ConfigurableApplicationContext app;

	private URI appBase;

	private PrometheusServer prometheus;

	private SampleTraffic traffic;

	private Faults faults;

	private Instant start;

	private Instant end;

	private volatile JsonNode rollback;

	private volatile JsonNode rollbackBeforeFaults;

	private String currentPhase;

	private Instant phaseStart;

	SampleUnderPrometheus(Path work) {
		this.work = work;
	}

	/**
	 * Starts the app and Prometheus and runs the whole story.
	 * @param prometheusBinary the server
	 * @param rules the rules as committed; a copy with short {@code for} clauses is loaded
	 * @param prometheusConfig the committed configuration, pointed at the app by the copy
	 */
	void run(Path prometheusBinary, RuleFile rules, Path prometheusConfig) throws Exception {
		startApp();
		Path rulesCopy = this.work.resolve("rules.yml");
		rules.writeWithFor(rulesCopy, ALERT_HOLD);
		Path config = writeConfig(prometheusConfig, rulesCopy);
		this.prometheus = PrometheusServer.start(prometheusBinary, config, this.work);
		await("Prometheus scraping the sample app").atMost(Duration.ofSeconds(30))
			.until(() -> this.prometheus.api().targetsUp() == 1);
		this.traffic = new SampleTraffic(this.appBase, 6, 20);
		this.start = Instant.now();
		story();
		this.traffic.close();
		endPhase();
		this.end = Instant.now();
		// one more scrape after the last request, so that the run's end is in Prometheus
		Instant last = this.end;
		await("a scrape after the run").atMost(Duration.ofSeconds(30))
			.until(() -> !this.prometheus.api().query("timestamp(migration_executor_active) > " + (last.toEpochMilli() / 1000.0), Instant.now()).isEmpty());
		this.end = Instant.now();
		System.out.println(summary());
	}

	/** The run in figures, from Prometheus: what the dashboard and the alerts had to work with. */
	String summary() {
		StringBuilder summary = new StringBuilder("Observability check run of "
				+ Duration.between(this.start, this.end).toSeconds() + " s; requests " + this.traffic.calls());
		for (String[] figure : new String[][] {
				{ "pricing-v2 comparisons", "sum by (result) (migration_comparisons_total{migration=\"pricing-v2\"})" },
				{ "pricing-v2 calls", "sum by (impl, outcome) (migration_calls_seconds_count{migration=\"pricing-v2\"})" },
				{ "pricing-v2 fallbacks", "sum(migration_fallbacks_total{migration=\"pricing-v2\"})" },
				{ "automatic rollbacks", "sum by (migration) (migration_rollbacks_total)" },
				{ "customer-source journal entries", "sum by (cause) (migration_journal_entries_total{migration=\"customer-source\"})" },
				{ "customer-source replays", "sum by (result) (migration_reconciliation_replays_total{migration=\"customer-source\"})" },
				{ "customer-source journal failures", "sum(migration_journal_failures_total{migration=\"customer-source\"})" },
				{ "customer-source parked", "max(migration_reconciliation_parked{migration=\"customer-source\"})" } }) {
			summary.append("\n  ").append(figure[0]).append(':');
			for (PrometheusApi.Series series : this.prometheus.api().query(figure[1], this.end)) {
				summary.append(' ').append(series.labels().isEmpty() ? "" : series.labels().values() + "=")
					.append(Math.round(series.points().get(0).value()));
			}
		}
		JsonNode change = this.rollback;
		summary.append("\n  pricing-v2 automatic rollback: ")
			.append((change != null) ? change.path("from").asString() + " -> " + change.path("to").asString() + ", "
					+ change.path("reason").asString() : "none");
		return summary.toString();
	}

	private void story() throws Exception {
		phase("OLD");
		pause(Duration.ofSeconds(8));

		switchAll("SHADOW");
		pause(Duration.ofSeconds(8));
		backfillStory();
		logger.info("SHADOW: pricing V2 fails 30% of its calls, the new ledger refuses writes");
		this.faults.pricingErrorRate(0.3);
		this.faults.ledgerWritesFail(true);
		plantStuckJournalEntry();
		pause(Duration.ofSeconds(6));
		logger.info("SHADOW: the journal table is away for 3 s");
		journalTable("migration_journal", "migration_journal_away");
		pause(Duration.ofSeconds(3));
		journalTable("migration_journal_away", "migration_journal");
		awaitFiring(ALERTS_IN_SHADOW, Duration.ofSeconds(90));
		this.faults.clear();
		logger.info("SHADOW: pricing V2 answers in 700 ms, past its 500 ms timeout, on a pool of 4 threads");
		this.faults.pricingDelay(Duration.ofMillis(700));
		pause(Duration.ofSeconds(12));
		this.faults.clear();
		pause(Duration.ofSeconds(5));

		switchAll("REVERSE_SHADOW");
		// long enough for several judged windows: REVERSE_SHADOW by itself rolls nothing back
		pause(Duration.ofSeconds(12));
		this.rollbackBeforeFaults = autoRollback("pricing-v2");
		logger.info("REVERSE_SHADOW: pricing V2 fails 30% of its calls, old answers instead,"
				+ " until pricing-v2 rolls back to SHADOW by itself");
		this.faults.pricingErrorRate(0.3);
		this.rollback = awaitAutoRollback("pricing-v2", Duration.ofSeconds(30));
		phase("ROLLED BACK");
		// V2 keeps failing in SHADOW for a while, where it hurts nobody; the rollback alert fires
		awaitFiring(Set.of(ROLLBACK_ALERT), Duration.ofSeconds(30));
		this.faults.clear();
		logger.info("ROLLED BACK: V2 fixed; pricing-v2 goes forward again once its window is ready");
		awaitReady("pricing-v2", Duration.ofSeconds(30));
		phase("REVERSE_SHADOW");
		// no force: the window of clean SHADOW calls meets the criteria of REVERSE_SHADOW
		switchMode("pricing-v2", "REVERSE_SHADOW", false, "V2 fixed after the automatic rollback");
		pause(Duration.ofSeconds(14));

		switchAll("NEW");
		pause(Duration.ofSeconds(8));
	}

	/**
	 * customer-source's history in SHADOW: a verify finds the orders placed in OLD only in old; a
	 * backfill fails while new's table is away; a checkpoint left RUNNING two hours ago by an
	 * instance that died is taken over and completes; a verify with repair mends rows planted wrong.
	 */
	private void backfillStory() throws Exception {
		logger.info("SHADOW: verify finds the orders placed in OLD only in old");
		sectionAction("verify", "{\"action\": \"start\"}");
		awaitSection("verify", "COMPLETED");
		logger.info("SHADOW: the backfill fails while pending_payments is away");
		jdbc().sql("ALTER TABLE pending_payments RENAME TO pending_payments_away").update();
		try {
			sectionAction("backfill", "{\"action\": \"start\"}");
			awaitSection("backfill", "FAILED");
		}
		finally {
			jdbc().sql("ALTER TABLE pending_payments_away RENAME TO pending_payments").update();
		}
		pause(Duration.ofSeconds(4));
		logger.info("SHADOW: a checkpoint left RUNNING two hours ago by a dead instance is taken over");
		long now = System.currentTimeMillis();
		jdbc().sql("UPDATE migration_backfill SET state = 'RUNNING', updated_at = ?, lease_owner = 'a-dead-instance',"
				+ " lease_until = ? WHERE migration = 'customer-source'")
			// the dead instance's lease runs 8 s more: long enough for a scrape to see the stale checkpoint
			.params(now - Duration.ofHours(2).toMillis(), now + 8_000)
			.update();
		awaitSection("backfill", "COMPLETED");
		logger.info("SHADOW: verify with repair mends five rows planted wrong in new");
		jdbc().sql("UPDATE pending_payments SET amount_cents = amount_cents + 1 WHERE order_id IN"
				+ " (SELECT order_id FROM pending_payments ORDER BY order_id LIMIT 5)").update();
		sectionAction("verify", "{\"action\": \"start\", \"repair\": true}");
		awaitSection("verify", "COMPLETED");
	}

	private void sectionAction(String section, String body) throws IOException, InterruptedException {
		postToEndpoint("/actuator/migrations/customer-source/" + section, body);
	}

	/** A POST to the migrations endpoint, which must answer 200. */
	private void postToEndpoint(String path, String body) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.appBase.resolve(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("POST " + path + " " + body + ": " + response.statusCode() + " "
					+ response.body());
		}
	}

	private void awaitSection(String section, String state) {
		await("customer-source " + section + " " + state).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.http.send(HttpRequest
				.newBuilder(this.appBase.resolve("/actuator/migrations/customer-source/" + section))
				.build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"state\":\"" + state + "\""));
	}

	private void startApp() {
		// command line arguments: they win over the sample's application.yml (pricing-v2 is SHADOW there)
		this.app = new SpringApplicationBuilder(SampleApplication.class, FaultInjection.class).run(
				"--server.address=127.0.0.1", "--server.port=0", "--spring.application.name=sample-app",
				"--migration.instances.pricing-v2.mode=OLD", "--migration.instances.customer-source.mode=OLD",
				// a pool too small for a slow secondary: timeouts and rejections when V2 slows down
				"--migration.executor.threads=4", "--migration.executor.queue-capacity=8",
				// entries fail a few times and park within seconds, not within 20 minutes
				"--migration.journal.reconciler.poll-interval=200ms",
				"--migration.journal.reconciler.initial-backoff=500ms",
				"--migration.journal.reconciler.max-backoff=2s", "--migration.journal.reconciler.max-attempts=4",
				// a backfill gives up on a chunk within a second, and looks for backfills to take over every 2 s
				"--migration.backfill.max-chunk-attempts=2", "--migration.backfill.retry-backoff=200ms",
				"--migration.backfill.poll-interval=2s", "--migration.backfill.verify.recheck-delay=200ms",
				// pricing-v2 rolls back by itself after two failing windows (three 1 s buckets) in a row.
				// V2 differs on about a quarter of the quotes by design (large orders, rounding) and
				// takes twice V1's time: the discrepancy and latency limits are out of the way, so that
				// V2's injected failures are what rolls it back
				"--migration.instances.pricing-v2.auto-rollback.enabled=true",
				"--migration.instances.pricing-v2.auto-rollback.after-failing-windows=2",
				"--migration.instances.pricing-v2.criteria.bucket=1s",
				"--migration.instances.pricing-v2.criteria.buckets=3",
				"--migration.instances.pricing-v2.criteria.min-calls=20",
				"--migration.instances.pricing-v2.criteria.max-discrepancy-rate-before-reverse-shadow=0.6",
				"--migration.instances.pricing-v2.criteria.max-discrepancy-rate-before-new=0.6",
				"--migration.instances.pricing-v2.criteria.max-latency-ratio=10",
				// old and new as slow as close-by remote calls, new a little slower
				"--sample.pricing.v1-latency=1ms", "--sample.pricing.v2-latency=2ms",
				// the injected faults log at WARN and ERROR by the thousand; the metrics tell the story
				"--logging.level.root=WARN", "--logging.level.io.github.phasedmigration.core=OFF",
				"--logging.level.io.github.phasedmigration.autoconfigure=OFF");
		int port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
		this.appBase = URI.create("http://127.0.0.1:" + port);
		this.faults = this.app.getBean(Faults.class);
	}

	/** The committed prometheus.yml, scraping the app every second and loading the rules' copy. */
	@SuppressWarnings("unchecked")
	private Path writeConfig(Path committed, Path rules) throws IOException {
		Map<String, Object> config;
		try (Reader reader = Files.newBufferedReader(committed)) {
			config = new Yaml().load(reader);
		}
		Map<String, Object> global = (Map<String, Object>) config.get("global");
		global.put("scrape_interval", "1s");
		global.put("evaluation_interval", "1s");
		config.put("rule_files", List.of(rules.toString()));
		for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
			for (Map<String, Object> targets : (List<Map<String, Object>>) job.get("static_configs")) {
				targets.put("targets", List.of(this.appBase.getAuthority()));
			}
		}
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Path target = this.work.resolve("prometheus.yml");
		try (Writer writer = Files.newBufferedWriter(target)) {
			new Yaml(options).dump(config, writer);
		}
		return target;
	}

	/**
	 * Switches every migration. The story, not readiness, decides when: a step forward is forced
	 * (and recorded as such) whatever the success criteria say of the window.
	 */
	private void switchAll(String mode) throws IOException, InterruptedException {
		phase(mode);
		for (String migration : MIGRATIONS) {
			switchMode(migration, mode, true, "observability check");
		}
	}

	private void switchMode(String migration, String mode, boolean force, String reason)
			throws IOException, InterruptedException {
		postToEndpoint("/actuator/migrations/" + migration, "{\"mode\": \"" + mode + "\", \"force\": " + force
				+ ", \"reason\": \"" + reason + "\"}");
	}

	/** The migration as GET /actuator/migrations/{name} shows it. */
	private JsonNode migration(String name) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(this.appBase.resolve("/actuator/migrations/" + name)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET /actuator/migrations/" + name + ": " + response.statusCode() + " "
					+ response.body());
		}
		return JSON.readTree(response.body());
	}

	/**
	 * Waits for the history entry of an automatic rollback of the migration.
	 * @return the entry, or {@code null} when none came in time (the check's tests say so)
	 */
	private JsonNode awaitAutoRollback(String name, Duration atMost) {
		AtomicReference<JsonNode> found = new AtomicReference<>();
		try {
			await(name + " rolling back by itself").atMost(atMost)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> {
					found.set(autoRollback(name));
					return found.get() != null;
				});
		}
		catch (ConditionTimeoutException ex) {
			logger.error(name + " did not roll back by itself within " + atMost);
		}
		return found.get();
	}

	/** The history entry of the migration's first automatic rollback, {@code null} when none. */
	private JsonNode autoRollback(String name) throws IOException, InterruptedException {
		for (JsonNode change : migration(name).path("history")) {
			if ("auto-rollback".equals(change.path("source").asString())) {
				return change;
			}
		}
		return null;
	}

	/** Waits until the window of the migration meets the success criteria of its next mode. */
	private void awaitReady(String name, Duration atMost) {
		try {
			await(name + " ready for its next mode").atMost(atMost)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> migration(name).path("readiness").path("ready").asBoolean());
		}
		catch (ConditionTimeoutException ex) {
			// the switch that follows answers 409 with the unmet criteria: that says more
			logger.error(name + " was not ready for its next mode within " + atMost);
		}
	}

	/** An entry that has waited two hours and is not due before the run ends: replays that stalled. */
	private void plantStuckJournalEntry() {
		long now = System.currentTimeMillis();
		jdbc().sql("INSERT INTO migration_journal (migration, impl, method, entity_key, arguments, cause, last_error,"
				+ " attempts, status, next_attempt_at, created_at, updated_at)"
				+ " VALUES ('customer-source', 'new', 'observability-check.stuck()', NULL, '[]', 'failed',"
				+ " 'planted by the observability check', 0, 'PENDING', ?, ?, ?)")
			.params(now + Duration.ofHours(1).toMillis(), now - Duration.ofHours(2).toMillis(),
					now - Duration.ofHours(2).toMillis())
			.update();
	}

	/** Takes the journal table away (appends fail: the journal failures alert) and brings it back. */
	private void journalTable(String from, String to) {
		jdbc().sql("ALTER TABLE " + from + " RENAME TO " + to).update();
	}

	private JdbcClient jdbc() {
		return JdbcClient.create(this.app.getBean(DataSource.class));
	}

	private void awaitFiring(Set<String> alerts, Duration atMost) {
		try {
			await("alerts " + alerts + " firing").atMost(atMost)
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					for (PrometheusApi.Alert alert : this.prometheus.api().alerts()) {
						if ("firing".equals(alert.state()) && "pricing-v2".equals(alert.labels().get("migration"))) {
							this.fired.putIfAbsent(alert.name(), Instant.now());
						}
					}
					return this.fired.keySet().containsAll(alerts);
				});
		}
		catch (ConditionTimeoutException ex) {
			logger.error("Not all of " + alerts + " fired: " + this.fired.keySet());
		}
	}

	private void phase(String name) {
		endPhase();
		this.currentPhase = name;
		this.phaseStart = Instant.now();
		logger.info("Phase " + name);
	}

	private void endPhase() {
		if (this.currentPhase != null) {
			this.phases.add(new PanelImages.Phase(this.currentPhase, this.phaseStart, Instant.now()));
			this.currentPhase = null;
		}
	}

	/** Lets the traffic run; nothing to wait for but time passing under load. */
	private static void pause(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	PrometheusApi prometheus() {
		return this.prometheus.api();
	}

	String prometheusLog() {
		return this.prometheus.log();
	}

	URI appBase() {
		return this.appBase;
	}

	Instant start() {
		return this.start;
	}

	Instant end() {
		return this.end;
	}

	List<PanelImages.Phase> phases() {
		return this.phases;
	}

	/** Alerts that reached firing for pricing-v2, with when the check saw it. */
	Map<String, Instant> fired() {
		return this.fired;
	}

	SampleTraffic traffic() {
		return this.traffic;
	}

	/** The history entry of pricing-v2's automatic rollback, {@code null} when none happened. */
	JsonNode rollback() {
		return this.rollback;
	}

	/** An automatic rollback of pricing-v2 before V2 failed in REVERSE_SHADOW: none, if all is well. */
	JsonNode rollbackBeforeFaults() {
		return this.rollbackBeforeFaults;
	}

	@Override
	public void close() {
		closeQuietly(this.traffic, SampleTraffic::close);
		closeQuietly(this.app, ConfigurableApplicationContext::close);
		closeQuietly(this.prometheus, PrometheusServer::close);
	}

	private static <T> void closeQuietly(T resource, ThrowingConsumer<T> close) {
		if (resource != null) {
			try {
				close.accept(resource);
			}
			catch (Exception ex) {
				logger.warn("Could not stop " + resource, ex);
			}
		}
	}

	private interface ThrowingConsumer<T> {

		void accept(T t) throws Exception;

	}

}
