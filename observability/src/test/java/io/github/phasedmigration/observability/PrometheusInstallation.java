package io.github.phasedmigration.observability;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code prometheus} and {@code promtool} binaries of the machine (Debian's {@code prometheus}
 * package ships both). Missing off CI, the check is skipped with a message; missing under
 * {@code CI=true}, it fails: a build server cannot pass without running it.
 *
 * @param prometheus the server
 * @param promtool the rule and metric checker
 */
record PrometheusInstallation(Path prometheus, Path promtool) {

	static PrometheusInstallation require() {
		Optional<Path> prometheus = onPath("prometheus");
		Optional<Path> promtool = onPath("promtool");
		if (prometheus.isPresent() && promtool.isPresent()) {
			return new PrometheusInstallation(prometheus.get(), promtool.get());
		}
		String message = "Prometheus is not installed (prometheus and promtool on the PATH): the observability check"
				+ " needs them. Install Debian's package with 'apt-get install --no-install-recommends prometheus'"
				+ " (.ci/run does so under CI=true).";
		if ("true".equals(System.getenv("CI"))) {
			fail(message);
		}
		Assumptions.abort("Skipped: " + message);
		throw new AssertionError("unreachable");
	}

	private static Optional<Path> onPath(String name) {
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
		return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin", "/usr/local/bin"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
