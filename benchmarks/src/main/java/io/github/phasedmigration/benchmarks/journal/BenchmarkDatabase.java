package io.github.phasedmigration.benchmarks.journal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A database of its own on the machine's PostgreSQL for one benchmark trial, created before the
 * trial and dropped after it, so that two runs on one server never see each other's tables. The
 * server is found as the tests find it (the test-jar's {@code RealDatabases}): by default
 * {@code postgres@127.0.0.1:5432} without password, otherwise the environment variables (or system
 * properties) {@code PM_TEST_POSTGRESQL_HOST}, {@code _PORT}, {@code _USER} and {@code _PASSWORD}.
 *
 * <pre class="code">
 * BenchmarkDatabase database = BenchmarkDatabase.create();   // pm_bench_3f9c...
 * ... database.url() ...
 * database.drop();
 * </pre>
 */
public final class BenchmarkDatabase implements AutoCloseable {

	private static final SecureRandom random = new SecureRandom();

	private final String name;

	private BenchmarkDatabase(String name) {
		this.name = name;
	}

	/** Creates a database with a random name {@code pm_bench_<16 hex digits>}. */
	public static BenchmarkDatabase create() throws SQLException {
		byte[] bytes = new byte[8];
		random.nextBytes(bytes);
		String name = "pm_bench_" + HexFormat.of().formatHex(bytes);
		try (Connection connection = admin(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new SQLException(unreachable(ex), ex);
		}
		return new BenchmarkDatabase(name);
	}

	/**
	 * Why PostgreSQL cannot be used, or {@code null} when it answers.
	 */
	public static String problem() {
		try (Connection connection = admin()) {
			return null;
		}
		catch (SQLException ex) {
			return unreachable(ex);
		}
	}

	/**
	 * For run.sh: prints {@code ok} and exits 0 when PostgreSQL answers, else prints why and exits
	 * 1; with the argument {@code version}, prints the server's version.
	 */
	public static void main(String[] args) throws SQLException {
		if (args.length > 0 && args[0].equals("version")) {
			System.out.println(serverVersion());
			return;
		}
		String problem = problem();
		System.out.println((problem != null) ? problem : "ok");
		System.exit((problem != null) ? 1 : 0);
	}

	/** The server's version, e.g. {@code PostgreSQL 15.2}. */
	public static String serverVersion() throws SQLException {
		try (Connection connection = admin()) {
			return connection.getMetaData().getDatabaseProductName() + " "
					+ connection.getMetaData().getDatabaseProductVersion();
		}
	}

	public String name() {
		return this.name;
	}

	public String url() {
		return url(this.name);
	}

	public static String user() {
		return setting("USER", "postgres");
	}

	public static String password() {
		return setting("PASSWORD", "");
	}

	/** Drops the database; the connection pools on it must be closed first. */
	@Override
	public void close() throws SQLException {
		try (Connection connection = admin(); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name);
		}
	}

	private static String url(String database) {
		// a connect time-out keeps a missing server from holding the run for minutes
		return "jdbc:postgresql://" + setting("HOST", "127.0.0.1") + ":" + setting("PORT", "5432") + "/" + database
				+ "?connectTimeout=5";
	}

	private static Connection admin() throws SQLException {
		return DriverManager.getConnection(url("postgres"), user(), password());
	}

	private static String unreachable(SQLException ex) {
		return "PostgreSQL is not reachable at " + user() + "@" + setting("HOST", "127.0.0.1") + ":"
				+ setting("PORT", "5432") + " (" + ex.getMessage() + "): start it (pg_ctlcluster "
				+ "--skip-systemctl-redirect 15 main start, or docker run -d -p 5432:5432 -e "
				+ "POSTGRES_HOST_AUTH_METHOD=trust postgres:15), or point PM_TEST_POSTGRESQL_HOST, _PORT, _USER and "
				+ "_PASSWORD at one; the user must be allowed to create databases";
	}

	private static String setting(String name, String defaultValue) {
		String key = "PM_TEST_POSTGRESQL_" + name;
		String value = System.getProperty(key);
		if (value == null) {
			value = System.getenv(key);
		}
		return (value != null) ? value : defaultValue;
	}

}
