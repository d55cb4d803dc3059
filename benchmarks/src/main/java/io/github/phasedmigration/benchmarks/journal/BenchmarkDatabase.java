package io.github.phasedmigration.benchmarks.journal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A database of its own on the machine's PostgreSQL (or MariaDB) for one benchmark trial, created
 * before the trial and dropped after it, so that two runs on one server never see each other's
 * tables. The servers are found as the tests find them (the test-jar's {@code RealDatabases}): by
 * default {@code postgres@127.0.0.1:5432} without password and {@code root@127.0.0.1:3306} with an
 * empty one, otherwise the environment variables (or system properties)
 * {@code PM_TEST_POSTGRESQL_HOST}, {@code _PORT}, {@code _USER} and {@code _PASSWORD}, and the same
 * with {@code MARIADB}.
 *
 * <pre class="code">
 * BenchmarkDatabase database = BenchmarkDatabase.create();   // pm_bench_3f9c... on PostgreSQL
 * ... database.url() ...
 * database.drop();
 * </pre>
 */
public final class BenchmarkDatabase implements AutoCloseable {

	private static final SecureRandom random = new SecureRandom();

	/** The servers that benchmarks create databases on. */
	public enum Server {

		/** PostgreSQL, by default {@code postgres@127.0.0.1:5432}. */
		POSTGRESQL("PostgreSQL", "5432", "postgres",
				"pg_ctlcluster --skip-systemctl-redirect 15 main start, or docker run -d -p 5432:5432 -e "
						+ "POSTGRES_HOST_AUTH_METHOD=trust postgres:15"),

		/** MariaDB, by default {@code root@127.0.0.1:3306}. */
		MARIADB("MariaDB", "3306", "root",
				"start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd, or docker run -d -p "
						+ "3306:3306 -e MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1 mariadb:10.11");

		private final String productName;

		private final String defaultPort;

		private final String defaultUser;

		private final String howToStart;

		Server(String productName, String defaultPort, String defaultUser, String howToStart) {
			this.productName = productName;
			this.defaultPort = defaultPort;
			this.defaultUser = defaultUser;
			this.howToStart = howToStart;
		}

		public String productName() {
			return this.productName;
		}

		public String user() {
			return setting("USER", this.defaultUser);
		}

		public String password() {
			return setting("PASSWORD", "");
		}

		/** The JDBC URL of a database on this server. */
		public String url(String database) {
			// connect time-outs keep a missing server from holding the run for minutes
			return switch (this) {
				case POSTGRESQL -> "jdbc:postgresql://" + host() + ":" + port() + "/" + database + "?connectTimeout=5";
				case MARIADB -> "jdbc:mariadb://" + host() + ":" + port() + "/" + database + "?connectTimeout=5000";
			};
		}

		private String host() {
			return setting("HOST", "127.0.0.1");
		}

		private String port() {
			return setting("PORT", this.defaultPort);
		}

		private Connection admin() throws SQLException {
			return DriverManager.getConnection(url((this == POSTGRESQL) ? "postgres" : ""), user(), password());
		}

		private String unreachable(SQLException ex) {
			return this.productName + " is not reachable at " + user() + "@" + host() + ":" + port() + " ("
					+ ex.getMessage() + "): start it (" + this.howToStart + "), or point PM_TEST_" + name()
					+ "_HOST, _PORT, _USER and _PASSWORD at one; the user must be allowed to create databases";
		}

		private String setting(String name, String defaultValue) {
			String key = "PM_TEST_" + name() + "_" + name;
			String value = System.getProperty(key);
			if (value == null) {
				value = System.getenv(key);
			}
			return (value != null) ? value : defaultValue;
		}

	}

	private final Server server;

	private final String name;

	private BenchmarkDatabase(Server server, String name) {
		this.server = server;
		this.name = name;
	}

	/** Creates a database on PostgreSQL with a random name {@code pm_bench_<16 hex digits>}. */
	public static BenchmarkDatabase create() throws SQLException {
		return create(Server.POSTGRESQL);
	}

	/** Creates a database on a server with a random name {@code pm_bench_<16 hex digits>}. */
	public static BenchmarkDatabase create(Server server) throws SQLException {
		byte[] bytes = new byte[8];
		random.nextBytes(bytes);
		String name = "pm_bench_" + HexFormat.of().formatHex(bytes);
		try (Connection connection = server.admin(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new SQLException(server.unreachable(ex), ex);
		}
		return new BenchmarkDatabase(server, name);
	}

	/**
	 * Why PostgreSQL cannot be used, or {@code null} when it answers.
	 */
	public static String problem() {
		return problem(Server.POSTGRESQL);
	}

	/**
	 * Why a server cannot be used, or {@code null} when it answers.
	 */
	public static String problem(Server server) {
		try (Connection connection = server.admin()) {
			return null;
		}
		catch (SQLException ex) {
			return server.unreachable(ex);
		}
	}

	/**
	 * For run.sh: prints {@code ok} and exits 0 when the servers answer, else prints why and exits 1;
	 * with the argument {@code version}, prints their versions instead. The servers are named by the
	 * other arguments ({@code postgresql}, {@code mariadb}); PostgreSQL alone when none is named.
	 */
	public static void main(String[] args) throws SQLException {
		List<Server> servers = new ArrayList<>();
		boolean version = false;
		for (String arg : args) {
			if (arg.equals("version")) {
				version = true;
			}
			else {
				servers.add(Server.valueOf(arg.toUpperCase(Locale.ROOT)));
			}
		}
		if (servers.isEmpty()) {
			servers.add(Server.POSTGRESQL);
		}
		if (version) {
			for (Server server : servers) {
				System.out.println(serverVersion(server));
			}
			return;
		}
		List<String> problems = servers.stream().map(BenchmarkDatabase::problem).filter((p) -> p != null).toList();
		System.out.println(problems.isEmpty() ? "ok" : String.join("\n", problems));
		System.exit(problems.isEmpty() ? 0 : 1);
	}

	/** PostgreSQL's version, e.g. {@code PostgreSQL 15.2}. */
	public static String serverVersion() throws SQLException {
		return serverVersion(Server.POSTGRESQL);
	}

	/** A server's version, e.g. {@code PostgreSQL 15.2} or {@code MariaDB 10.11.19-MariaDB-0+deb12u1}. */
	public static String serverVersion(Server server) throws SQLException {
		try (Connection connection = server.admin()) {
			return connection.getMetaData().getDatabaseProductName() + " "
					+ connection.getMetaData().getDatabaseProductVersion();
		}
	}

	public Server server() {
		return this.server;
	}

	public String name() {
		return this.name;
	}

	public String url() {
		return this.server.url(this.name);
	}

	/** PostgreSQL's user. */
	public static String user() {
		return Server.POSTGRESQL.user();
	}

	/** PostgreSQL's password. */
	public static String password() {
		return Server.POSTGRESQL.password();
	}

	/** Drops the database; the connection pools on it must be closed first. */
	@Override
	public void close() throws SQLException {
		try (Connection connection = this.server.admin(); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name);
		}
	}

}
