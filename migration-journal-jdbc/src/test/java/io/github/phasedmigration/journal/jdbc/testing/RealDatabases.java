package io.github.phasedmigration.journal.jdbc.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real databases for the tests of one class: a fresh database on the machine's PostgreSQL and
 * MariaDB servers, and an in-memory H2 one, each created on first use and dropped after the
 * class. Names are random, so that runs on one server never see each other's tables.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final RealDatabases databases = new RealDatabases();
 *
 * &#64;ParameterizedTest
 * &#64;EnumSource(RealDatabases.Database.class)
 * void works(RealDatabases.Database database) {
 *     DataSource dataSource = databases.dataSource(database);
 *     ...
 * }
 * </pre>
 *
 * A server that cannot be reached skips the test with a message that names it, its address and
 * how to provide one; with the environment variable {@code CI=true} the test fails instead, so a
 * build server cannot pass without having run it. Addresses and accounts default to the local
 * servers (PostgreSQL {@code postgres@127.0.0.1:5432} without password, MariaDB
 * {@code root@127.0.0.1:3306} with an empty one) and are read from the environment variables
 * {@code PM_TEST_POSTGRESQL_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD} (and the same
 * with {@code MARIADB}), or from system properties of the same names.
 */
public final class RealDatabases implements AfterAllCallback {

	private static final SecureRandom random = new SecureRandom();

	// one failed connection attempt per server and test run: each may take the connect time-out
	private static final Map<Database, String> unreachable = new ConcurrentHashMap<>();

	private final Map<Database, Created> created = new EnumMap<>(Database.class);

	private final List<HikariDataSource> pools = new ArrayList<>();

	/** The databases the tests run on. */
	public enum Database {

		/** PostgreSQL, by default at 127.0.0.1:5432. */
		POSTGRESQL("postgresql", "PostgreSQL", 5432, "postgres",
				"start it (pg_ctlcluster --skip-systemctl-redirect 15 main start, or docker run -d -p 5432:5432"
						+ " -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15)"),

		/** MariaDB, by default at 127.0.0.1:3306. */
		MARIADB("mariadb", "MariaDB", 3306, "root",
				"start it (start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd, or docker run"
						+ " -d -p 3306:3306 -e MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1 mariadb:10.11)"),

		/** H2, in memory: always there. */
		H2("h2", "H2", 0, "sa", "");

		private final String platform;

		private final String productName;

		private final int defaultPort;

		private final String defaultUser;

		private final String howToStart;

		Database(String platform, String productName, int defaultPort, String defaultUser, String howToStart) {
			this.platform = platform;
			this.productName = productName;
			this.defaultPort = defaultPort;
			this.defaultUser = defaultUser;
			this.howToStart = howToStart;
		}

		/** The platform as Spring Boot's {@code DatabaseDriver.getId()} names it: {@code postgresql}, .... */
		public String platform() {
			return this.platform;
		}

		/** The product's name, for messages. */
		public String productName() {
			return this.productName;
		}

		@Override
		public String toString() {
			return this.productName;
		}

		String host() {
			return setting("HOST", "127.0.0.1");
		}

		int port() {
			return Integer.parseInt(setting("PORT", Integer.toString(this.defaultPort)));
		}

		String user() {
			return setting("USER", this.defaultUser);
		}

		String password() {
			return setting("PASSWORD", "");
		}

		String address() {
			return user() + "@" + host() + ":" + port();
		}

		private String setting(String name, String defaultValue) {
			String key = "PM_TEST_" + name() + "_" + name;
			String value = System.getProperty(key);
			if (value == null) {
				value = System.getenv(key);
			}
			return (value != null) ? value : defaultValue;
		}

		String url(String database) {
			return switch (this) {
				// connect time-outs keep a missing server from holding the run for minutes
				case POSTGRESQL -> "jdbc:postgresql://" + host() + ":" + port() + "/" + database + "?connectTimeout=5";
				case MARIADB -> "jdbc:mariadb://" + host() + ":" + port() + "/" + database + "?connectTimeout=5000";
				case H2 -> "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
			};
		}

		String adminDatabase() {
			return switch (this) {
				case POSTGRESQL -> "postgres";
				case MARIADB -> "";
				case H2 -> "";
			};
		}

	}

	/**
	 * The pool on this class's database, created with the database on first use. Skips (or with
	 * {@code CI=true} fails) the calling test when the server cannot be reached.
	 */
	public synchronized DataSource dataSource(Database database) {
		return created(database).pool();
	}

	/**
	 * Another pool on this class's database, of its own connections: for tests that play several
	 * application instances. Closed after the class.
	 * @param maximumPoolSize its connections at most
	 */
	public synchronized DataSource newDataSource(Database database, int maximumPoolSize) {
		Created created = created(database);
		return pool(database, created.name(), maximumPoolSize);
	}

	/** The name of this class's database on that server. */
	public synchronized String databaseName(Database database) {
		return created(database).name();
	}

	private Created created(Database database) {
		Created created = this.created.get(database);
		if (created == null) {
			String name = "pm_" + HexFormat.of().formatHex(randomBytes());
			if (database != Database.H2) {
				String missing = unreachable.get(database);
				if (missing != null) {
					unavailable(missing, null);
				}
				try (Connection connection = admin(database); Statement statement = connection.createStatement()) {
					statement.execute("CREATE DATABASE " + name);
				}
				catch (SQLException ex) {
					String message = database.productName() + " is not reachable at " + database.address() + " ("
							+ ex.getMessage() + "): " + database.howToStart
							+ ", or point PM_TEST_" + database.name() + "_HOST, _PORT, _USER and _PASSWORD at one";
					unreachable.put(database, message);
					unavailable(message, ex);
				}
			}
			created = new Created(name, pool(database, name, 8));
			this.created.put(database, created);
		}
		return created;
	}

	private static void unavailable(String message, @Nullable Throwable cause) {
		if ("true".equals(System.getenv("CI"))) {
			Assertions.fail(message + ". CI=true: a missing database fails the build instead of skipping.", cause);
		}
		Assumptions.abort(message + ". Skipped; CI=true makes this a failure.");
	}

	private HikariDataSource pool(Database database, String name, int maximumPoolSize) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(database.url(name));
		config.setUsername(database.user());
		config.setPassword(database.password());
		config.setMaximumPoolSize(maximumPoolSize);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(10_000);
		config.setPoolName(name + "-" + this.pools.size());
		HikariDataSource pool = new HikariDataSource(config);
		this.pools.add(pool);
		return pool;
	}

	private static Connection admin(Database database) throws SQLException {
		return DriverManager.getConnection(database.url(database.adminDatabase()), database.user(),
				database.password());
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[8];
		random.nextBytes(bytes);
		return bytes;
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) throws Exception {
		// the pools first: a database with open connections cannot be dropped
		this.pools.forEach(HikariDataSource::close);
		this.pools.clear();
		SQLException failure = null;
		for (Map.Entry<Database, Created> entry : this.created.entrySet()) {
			try {
				drop(entry.getKey(), entry.getValue().name());
			}
			catch (SQLException ex) {
				failure = ex;
			}
		}
		this.created.clear();
		if (failure != null) {
			throw failure;
		}
	}

	private static void drop(Database database, String name) throws SQLException {
		if (database == Database.H2) {
			try (Connection connection = DriverManager.getConnection(database.url(name), database.user(),
					database.password()); Statement statement = connection.createStatement()) {
				statement.execute("SHUTDOWN");
			}
			return;
		}
		try (Connection connection = admin(database); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name.toLowerCase(Locale.ROOT));
		}
	}

	private record Created(String name, HikariDataSource pool) {
	}

}
