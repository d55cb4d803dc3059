package io.github.phasedmigration.sample.crossdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.phasedmigration.autoconfigure.backfill.BackfillLifecycle;
import io.github.phasedmigration.autoconfigure.backfill.MigrationBackfillProperties;
import io.github.phasedmigration.core.backfill.VerifyOptions;
import io.github.phasedmigration.core.backfill.run.Backfills;
import io.github.phasedmigration.sample.SampleApplication;
import io.github.phasedmigration.sample.payments.OrderService;

/**
 * One instance of the sample application in the profile cross-db, on a test class's
 * {@link CrossDatabases}, with a web server on a free port and a reconciler quick enough for a test.
 *
 * <pre class="code">
 * try (SampleInstance app = SampleInstance.on(databases).named("a").start()) {
 *     app.orders().placeOrder(7, 1250);
 * }
 * </pre>
 */
final class SampleInstance implements AutoCloseable {

	static final String MIGRATION = "customer-source";

	private final String name;

	private final ConfigurableApplicationContext context;

	private SampleInstance(String name, ConfigurableApplicationContext context) {
		this.name = name;
		this.context = context;
	}

	static Builder on(CrossDatabases databases) {
		return new Builder(databases);
	}

	String name() {
		return this.name;
	}

	OrderService orders() {
		return bean(OrderService.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** The backfills of this instance: start, status, verify and the last verify's report. */
	Backfills backfills() {
		return bean(BackfillLifecycle.class).backfills();
	}

	/** The options of a verify as the endpoint gives them, from {@code migration.backfill.*}. */
	VerifyOptions verifyOptions(boolean repair, boolean deleteExtra) {
		return bean(MigrationBackfillProperties.class).verifyOptions(repair, deleteExtra);
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/** Second writes this instance appended to the journal: failed ones and ones queued behind them. */
	long journaled() {
		return journaled("failed") + journaled("queued");
	}

	/** Second writes this instance appended to the journal for one cause (failed, queued). */
	long journaled(String cause) {
		Counter counter = bean(MeterRegistry.class).find("migration.journal.entries")
			.tag("migration", MIGRATION)
			.tag("cause", cause)
			.counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	/** Second writes the journal could not take: each one is a write that is NOT reconciled. */
	long journalFailures() {
		Counter counter = bean(MeterRegistry.class).find("migration.journal.failures")
			.tag("migration", MIGRATION)
			.counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * The settings every instance of a test starts with, in-process or as a {@link SampleProcess}:
	 * the test's databases, a reconciler quick enough for a test, quiet logs. Each may be overridden.
	 */
	static Map<String, String> defaultProperties(CrossDatabases databases) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("sample.datasource.old.url", databases.oldUrl());
		properties.put("sample.datasource.new.url", databases.newUrl());
		// a new side that is down fails a second write after this long, not after Hikari's 30 s
		properties.put("sample.datasource.new.hikari.connection-timeout", "250");
		properties.put("migration.journal.reconciler.poll-interval", "100ms");
		properties.put("migration.journal.reconciler.initial-backoff", "50ms");
		properties.put("migration.journal.reconciler.max-backoff", "500ms");
		// never parked during an outage: the tests end with no parked entry because none was needed
		properties.put("migration.journal.reconciler.max-attempts", "100000");
		// small batches: during an outage each replay waits the connection time-out above, and a
		// batch must end well within its lease
		properties.put("migration.journal.reconciler.batch-size", "10");
		// every journaled write would log a line; the counters and the tables tell the story
		properties.put("logging.level.io.github.phasedmigration.failed-writes", "error");
		properties.put("logging.level.io.github.phasedmigration.reconciliation", "error");
		properties.put("logging.level.com.zaxxer.hikari", "error");
		properties.put("spring.main.banner-mode", "off");
		return properties;
	}

	static final class Builder {

		private final Map<String, String> properties = new LinkedHashMap<>();

		private final List<Class<?>> sources = new ArrayList<>();

		private String name = "instance";

		private ReplayLog replays;

		private Builder(CrossDatabases databases) {
			this.properties.putAll(defaultProperties(databases));
		}

		Builder named(String name) {
			this.name = name;
			return this;
		}

		Builder property(String key, String value) {
			this.properties.put(key, value);
			return this;
		}

		/** Adds test beans (components or configurations) to the application. */
		Builder with(Class<?> source) {
			this.sources.add(source);
			return this;
		}

		/** Records every replay on the new ledger into the log, across instances. */
		Builder recording(ReplayLog replays) {
			this.replays = replays;
			return this;
		}

		SampleInstance start() {
			property("migration.journal.instance-id", this.name);
			List<String> args = new ArrayList<>();
			// as command-line arguments: they must win over application-cross-db.yml
			this.properties.forEach((key, value) -> args.add("--" + key + "=" + value));
			SpringApplicationBuilder builder = new SpringApplicationBuilder(SampleApplication.class)
				.sources(this.sources.toArray(Class<?>[]::new))
				.main(SampleApplication.class)
				.profiles("cross-db");
			if (this.replays != null) {
				ReplayLog replays = this.replays;
				String instance = this.name;
				builder.initializers((context) -> context.getBeanFactory()
					.addBeanPostProcessor(replays.postProcessor(instance)));
			}
			return new SampleInstance(this.name, builder.run(args.toArray(String[]::new)));
		}

	}

}
