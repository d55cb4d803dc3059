package io.github.phasedmigration.smoke.aot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The packaged jar started as a process of its own, as in production: {@code java
 * -Dspring.aot.enabled=true -jar smoke-aot.jar}, on a port the operating system picks, its output in
 * a file under {@code target/} that the test reads and a person can open after a failure.
 */
final class PackagedApplication implements AutoCloseable {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final Process process;

	private final Path output;

	private PackagedApplication(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/** Starts the jar named by the {@code smoke.jar} system property with the AOT-generated context. */
	static PackagedApplication start(String logName, String... arguments) throws IOException {
		Path jar = Path.of(System.getProperty("smoke.jar", "target/smoke-aot-0.1.0-SNAPSHOT.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " does not exist: run the test after package (mvn verify)");
		}
		Path output = jar.resolveSibling(logName + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-Xmx256m", "-jar", jar.toString(), "--server.port=0"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		return new PackagedApplication(process, output);
	}

	/** Waits until Tomcat listens and returns its port; fails early if the process dies. */
	int awaitPort() {
		return await("the application's port in " + this.output).atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				Matcher matcher = PORT.matcher(output());
				if (matcher.find()) {
					return Integer.parseInt(matcher.group(1));
				}
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The application exited with " + this.process.exitValue()
							+ " before it listened:\n" + output());
				}
				return null;
			}, (port) -> port != null);
	}

	/** Waits for the process to end by itself and returns its exit code. */
	int awaitExit() throws InterruptedException {
		if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The application did not exit by itself:\n" + output());
		}
		return this.process.exitValue();
	}

	/** Sends SIGTERM, as a container runtime does, and returns the exit code. */
	int terminate() throws InterruptedException {
		this.process.destroy();
		return awaitExit();
	}

	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

}
