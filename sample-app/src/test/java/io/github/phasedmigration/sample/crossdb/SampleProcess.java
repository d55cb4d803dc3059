package io.github.phasedmigration.sample.crossdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.phasedmigration.sample.AppHttp;
import io.github.phasedmigration.sample.SampleApplication;

import static org.awaitility.Awaitility.await;

/**
 * The sample application in the profile cross-db as a JVM process of its own, on a test class's
 * {@link CrossDatabases}: what a crash really takes away (threads, connections, leases held in
 * memory) only a process that dies can show. It starts from the test's class path, logs to
 * {@code target/sample-processes/<name>.log}, and is killed with SIGKILL by {@link #kill()}, by
 * {@link #close()}, and by a shutdown hook should the test JVM end first.
 *
 * <pre class="code">
 * try (SampleProcess app = SampleProcess.on(databases).named("first").property("sample.history.orders", "1000").start()) {
 *     app.http().get("/actuator/migrations/customer-source/backfill");
 *     app.kill();
 * }
 * </pre>
 */
final class SampleProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private final String name;

	private final Process process;

	private final Path log;

	private final int port;

	private final Thread killOnExit;

	private SampleProcess(String name, Process process, Path log, int port) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.port = port;
		this.killOnExit = new Thread(process::destroyForcibly, "kill-" + name);
		Runtime.getRuntime().addShutdownHook(this.killOnExit);
	}

	static Builder on(CrossDatabases databases) {
		return new Builder(databases);
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	AppHttp http() {
		return AppHttp.on(this.port);
	}

	/** Everything the process wrote so far. */
	String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until {@code /actuator/health} answers UP; fails at once when the process ends. */
	SampleProcess awaitHealthy() {
		AppHttp http = http();
		await("process " + this.name + " healthy").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(250))
			.failFast(this::checkAlive)
			.ignoreExceptions()
			.until(() -> {
				HttpResponse<String> health = http.send("GET", "/actuator/health", null);
				return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
			});
		return this;
	}

	/** Fails, with the end of its log, when the process has ended: for the {@code failFast} of a wait. */
	void checkAlive() {
		if (!this.process.isAlive()) {
			throw new AssertionError("process " + this.name + " ended with exit code " + this.process.exitValue()
					+ "; its log " + this.log.toAbsolutePath() + " ends with:\n" + tail());
		}
	}

	/** SIGKILL, as the kernel's OOM killer or a pulled plug would: no shutdown hook, no finally block runs. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new AssertionError("process " + this.name + " (pid " + pid() + ") still runs after SIGKILL");
		}
	}

	@Override
	public void close() throws InterruptedException {
		try {
			kill();
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(this.killOnExit);
			}
			catch (IllegalStateException ex) {
				// the JVM shuts down already: the hook kills it anyway
			}
		}
	}

	private String tail() {
		String text = log();
		return text.substring(Math.max(0, text.length() - 4000));
	}

	static final class Builder {

		private final Map<String, String> properties = new LinkedHashMap<>();

		private String name = "process";

		private Builder(CrossDatabases databases) {
			this.properties.putAll(SampleInstance.defaultProperties(databases));
		}

		Builder named(String name) {
			this.name = name;
			return this;
		}

		Builder property(String key, String value) {
			this.properties.put(key, value);
			return this;
		}

		/** Starts the process; does not wait for it to be up ({@link SampleProcess#awaitHealthy()} does). */
		SampleProcess start() throws IOException {
			int port = freePort();
			property("server.port", Integer.toString(port));
			property("migration.journal.instance-id", this.name);
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			// a small heap and the quick compiler only: two or three of these start on a small CI machine
			command.add("-Xmx384m");
			command.add("-XX:TieredStopAtLevel=1");
			command.add("-XX:+UseSerialGC");
			command.add("-cp");
			command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
			command.add(SampleApplication.class.getName());
			command.add("--spring.profiles.active=cross-db");
			this.properties.forEach((key, value) -> command.add("--" + key + "=" + value));
			Path log = Path.of("target", "sample-processes", this.name + ".log");
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			System.out.printf("Started process %s (pid %d, port %d), log %s%n", this.name, process.pid(), port,
					log.toAbsolutePath());
			return new SampleProcess(this.name, process, log, port);
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
		}

	}

}
