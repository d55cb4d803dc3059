package io.github.phasedmigration.observability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server on 127.0.0.1, started from the machine's binary with a configuration
 * and a storage folder of the check's own, and stopped on {@link #close()} or, should the test JVM
 * end first, by a shutdown hook.
 */
final class PrometheusServer implements AutoCloseable {

	private final Process process;

	private final Thread shutdownHook;

	private final PrometheusApi api;

	private final Path log;

	private PrometheusServer(Process process, PrometheusApi api, Path log) {
		this.process = process;
		this.api = api;
		this.log = log;
		this.shutdownHook = new Thread(process::destroyForcibly, "prometheus-stopper");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts the server and waits until it is ready to answer queries.
	 * @param binary the prometheus binary
	 * @param config its configuration file
	 * @param workDirectory a folder for its storage and log
	 */
	static PrometheusServer start(Path binary, Path config, Path workDirectory) throws IOException {
		int port = freePort();
		Path storage = Files.createDirectories(workDirectory.resolve("data"));
		Path log = workDirectory.resolve("prometheus.log");
		Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + storage, "--web.listen-address=127.0.0.1:" + port,
				"--storage.tsdb.retention.time=1d", "--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, new PrometheusApi(URI.create("http://127.0.0.1:" + port)),
				log);
		try {
			await("Prometheus ready on port " + port).atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("Prometheus ended at start-up:\n" + Files.readString(log));
					}
					return server.api.ready();
				});
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	PrometheusApi api() {
		return this.api;
	}

	/** What the server logged, for a failure message. */
	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
