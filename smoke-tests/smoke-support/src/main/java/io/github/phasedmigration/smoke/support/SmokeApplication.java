package io.github.phasedmigration.smoke.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.phasedmigration.core.execution.SecondaryExecutor;

/**
 * A smoke application started as its {@code main} starts it, driven, then closed: it closes without
 * an error or an exception logged, and the secondaries' pool with it. Started here rather than by
 * the test framework, whose context cache cannot have its context closed under it.
 *
 * <pre class="code">
 * SmokeApplication.runAndClose(WebNoDbApplication.class, output::toString, (context, http) -&gt;
 *         assertThat(http.get("/prices?sku=PEN&amp;quantity=3")).isEqualTo("450"));
 * </pre>
 */
public final class SmokeApplication {

	private SmokeApplication() {
	}

	/**
	 * Starts the application on a random port, runs the scenario, closes the application and checks
	 * the close.
	 * @param application the {@code @SpringBootApplication} class
	 * @param output all output captured so far (Boot's {@code OutputCaptureExtension})
	 * @param scenario what to do while it runs
	 */
	public static void runAndClose(Class<?> application, Supplier<String> output,
			BiConsumer<ConfigurableApplicationContext, SmokeHttp> scenario) {
		ConfigurableApplicationContext context = SpringApplication.run(application, "--server.port=0");
		try {
			scenario.accept(context,
					SmokeHttp.on(context.getEnvironment().getRequiredProperty("local.server.port", int.class)));
			SecondaryExecutor executor = context.getBean(SecondaryExecutor.class);
			int before = output.get().length();

			context.close();

			assertThat(context.isActive()).as("closed").isFalse();
			assertThat(executor.isShutdown()).as("secondaries' pool shut down").isTrue();
			// every smoke application is a web one: the graceful shutdown shows that the capture saw the close
			assertThat(output.get().substring(before)).as("printed while closing")
				.contains("Graceful shutdown complete")
				.doesNotContain(" ERROR ")
				.doesNotContain("Exception");
		}
		finally {
			context.close();
		}
	}

}
