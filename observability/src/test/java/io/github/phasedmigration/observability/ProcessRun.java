package io.github.phasedmigration.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of a command line tool ({@code promtool}) to its end, with what it printed.
 *
 * @param command what ran
 * @param exitCode how it ended
 * @param output standard output and error, interleaved
 */
record ProcessRun(List<String> command, int exitCode, String output) {

	static ProcessRun of(Path workingDirectory, byte[] input, Object... command) {
		List<String> line = new ArrayList<>();
		for (Object part : command) {
			line.add(part.toString());
		}
		try {
			Process process = new ProcessBuilder(line).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.start();
			CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
			try (OutputStream stdin = process.getOutputStream()) {
				stdin.write(input);
			}
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException(line + " did not end within 2 minutes");
			}
			return new ProcessRun(line, process.exitValue(), new String(output.join(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + line, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + line, ex);
		}
	}

	private static byte[] readAll(InputStream in) {
		try (in) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return String.join(" ", this.command) + " -> exit " + this.exitCode + "\n" + this.output;
	}

}
