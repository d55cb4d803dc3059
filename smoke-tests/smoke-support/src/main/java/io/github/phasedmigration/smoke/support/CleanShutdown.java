package io.github.phasedmigration.smoke.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;

/**
 * The checks of the end of a smoke application: it closed, and closing logged no error and no
 * exception. The caller captures the output (Boot's {@code OutputCaptureExtension}). Every smoke
 * application is a web one: the server's graceful shutdown in the output shows that the capture saw
 * the close.
 */
public final class CleanShutdown {

	private CleanShutdown() {
	}

	/**
	 * Closes through {@code close} and checks what it printed.
	 * @param output all output captured so far, read before and after closing
	 * @param close closes the application
	 * @param closed whether the application says it is closed
	 */
	public static void assertClosesCleanly(Supplier<String> output, Runnable close, Supplier<Boolean> closed) {
		int before = output.get().length();
		close.run();
		assertThat(closed.get()).as("closed").isTrue();
		String whileClosing = output.get().substring(before);
		assertThat(whileClosing).as("printed while closing")
			.contains("Graceful shutdown complete")
			.doesNotContain(" ERROR ")
			.doesNotContain("Exception");
	}

}
