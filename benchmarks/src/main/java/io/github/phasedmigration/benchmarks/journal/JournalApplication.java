package io.github.phasedmigration.benchmarks.journal;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.phasedmigration.autoconfigure.MigrationMethods;
import io.github.phasedmigration.autoconfigure.replay.ArgumentCodecs;
import io.github.phasedmigration.autoconfigure.replay.JournaledWriteMethod;
import io.github.phasedmigration.benchmarks.journal.JournalImplementations.ShadowTableAWriter;
import io.github.phasedmigration.core.Impl;
import io.github.phasedmigration.core.journal.JournalCause;
import io.github.phasedmigration.core.journal.JournalStatus;
import io.github.phasedmigration.core.journal.WriteJournal;
import io.github.phasedmigration.journal.jdbc.JdbcWriteJournal;

/**
 * The application of the journal benchmarks ({@link JournalConfiguration}) on a database of its own
 * ({@link BenchmarkDatabase}), with {@code table_a} and {@code table_b} created. Closing it closes
 * the application and drops the database.
 *
 * <p>Its settings: the starter as auto-configured, metrics on; {@code spring.datasource.*} pointing
 * at the database (a Hikari pool of 10, Spring Boot's default); the journal's table created at
 * start-up ({@code migration.journal.initialize-schema=always}); the three migrations in SHADOW;
 * the reconciler's own loop off ({@code migration.journal.reconciler.enabled=false}), so that the
 * latency cases measure the caller alone and the replay run drives the reconciler itself; the
 * per-call WARN line of a failed second write raised to ERROR, because a benchmark's console is a
 * pipe to JMH.
 */
public final class JournalApplication implements AutoCloseable {

	/** SHADOW, new upserts into table_b. */
	public static final String SHADOW = "journal-shadow";

	/** SHADOW while the journal holds an entry of the migration. */
	public static final String BACKLOG = "journal-backlog";

	/** SHADOW, new always fails. */
	public static final String FAILING = "journal-failing";

	private final BenchmarkDatabase database;

	private final ConfigurableApplicationContext context;

	private JournalApplication(BenchmarkDatabase database, ConfigurableApplicationContext context) {
		this.database = database;
		this.context = context;
	}

	/** Creates a database and starts the application on it. */
	public static JournalApplication start() throws SQLException {
		BenchmarkDatabase database = BenchmarkDatabase.create();
		try {
			try (Connection connection = DriverManager.getConnection(database.url(), BenchmarkDatabase.user(),
					BenchmarkDatabase.password()); Statement statement = connection.createStatement()) {
				statement.execute(JournalImplementations.CREATE_TABLES);
			}
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("logging.level.root", "WARN");
			properties.put("logging.level.io.github.phasedmigration.failed-writes", "ERROR");
			properties.put("spring.datasource.url", database.url());
			properties.put("spring.datasource.username", BenchmarkDatabase.user());
			properties.put("spring.datasource.password", BenchmarkDatabase.password());
			properties.put("migration.journal.initialize-schema", "always");
			properties.put("migration.journal.reconciler.enabled", false);
			properties.put("migration.instances." + SHADOW + ".mode", "shadow");
			properties.put("migration.instances." + BACKLOG + ".mode", "shadow");
			properties.put("migration.instances." + FAILING + ".mode", "shadow");
			ConfigurableApplicationContext context = new SpringApplicationBuilder(JournalConfiguration.class)
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.properties(properties)
				.run();
			WriteJournal journal = context.getBean(WriteJournal.class);
			if (!(journal instanceof JdbcWriteJournal)) {
				context.close();
				throw new IllegalStateException("The application's journal is not the JDBC one: " + journal);
			}
			return new JournalApplication(database, context);
		}
		catch (RuntimeException | SQLException ex) {
			database.close();
			throw ex;
		}
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** Rows of {@code table_a} or {@code table_b}. */
	public long rows(String table) {
		Long rows = bean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
		return (rows != null) ? rows : 0;
	}

	/** The {@link JournaledWriteMethod#id() id} of {@code upsert(long, long)} of an annotated writer. */
	public static String upsertId(Class<?> writer) {
		return JournaledWriteMethod.idOf(writer, upsert(writer));
	}

	/**
	 * Appends due journal entries of {@link #SHADOW} for accounts {@code firstId} on, one key each,
	 * whose replay is new's upsert into table_b, as the journal holds them after that many second
	 * writes failed: the method id and arguments the application itself would write (its
	 * {@link ArgumentCodecs}), appended by a batch insert so that filling costs little. Then
	 * {@code VACUUM ANALYZE}s the table, so that every fill leaves it in the same state, with
	 * statistics, as autovacuum would a moment later.
	 */
	public void fillJournal(long firstId, int entries) throws SQLException {
		String methodId = upsertId(ShadowTableAWriter.class);
		if (bean(MigrationMethods.class).find(methodId) == null) {
			throw new IllegalStateException("No replay target " + methodId);
		}
		ArgumentCodecs.ArgumentCodec codec = bean(ArgumentCodecs.class).forMethod(upsert(ShadowTableAWriter.class),
				ShadowTableAWriter.class);
		long now = System.currentTimeMillis();
		try (Connection connection = bean(DataSource.class).getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + JdbcWriteJournal.TABLE
					+ " (migration, impl, method, entity_key, arguments, cause, last_error, attempts, status,"
					+ " next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)")) {
				for (int i = 0; i < entries; i++) {
					long id = firstId + i;
					insert.setString(1, SHADOW);
					insert.setString(2, Impl.NEW.tag());
					insert.setString(3, methodId);
					insert.setString(4, Long.toString(id));
					insert.setString(5, codec.encode(new Object[] { id, id }));
					insert.setString(6, JournalCause.FAILED.tag());
					insert.setString(7, "benchmark: new was down");
					insert.setString(8, JournalStatus.PENDING.name());
					insert.setLong(9, now);
					insert.setLong(10, now);
					insert.setLong(11, now);
					insert.addBatch();
					if (i % 1000 == 999) {
						insert.executeBatch();
					}
				}
				insert.executeBatch();
			}
			connection.commit();
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("VACUUM ANALYZE " + JdbcWriteJournal.TABLE);
			}
		}
	}

	/** Closes the application, then drops its database. */
	@Override
	public void close() throws SQLException {
		try {
			this.context.close();
		}
		finally {
			this.database.close();
		}
	}

	private static Method upsert(Class<?> writer) {
		try {
			return writer.getMethod("upsert", long.class, long.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
