package io.github.phasedmigration.core.discrepancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RenderingTest {

	@Test
	void rendersNullAndPlainValues() {
		assertThat(Rendering.render(null, 100)).isEqualTo("null");
		assertThat(Rendering.render(42, 100)).isEqualTo("42");
		assertThat(Rendering.render(List.of("a", "b"), 100)).isEqualTo("[a, b]");
	}

	@Test
	void rendersArraysDeeply() {
		assertThat(Rendering.render(new Object[] { 1, new String[] { "a", "b" } }, 100)).isEqualTo("[1, [a, b]]");
		assertThat(Rendering.render(new int[] { 1, 2 }, 100)).isEqualTo("[1, 2]");
		assertThat(Rendering.render(new long[0], 100)).isEqualTo("[]");
	}

	@Test
	void rendersExceptionsAsTypeAndMessage() {
		assertThat(Rendering.render(new IllegalStateException("boom"), 100))
			.isEqualTo("threw java.lang.IllegalStateException: boom");
		assertThat(Rendering.render(new IllegalStateException(), 100)).isEqualTo("threw java.lang.IllegalStateException");
	}

	@Test
	void aFailingToStringIsReportedNotThrown() {
		Object bomb = new Object() {
			@Override
			public String toString() {
				throw new IllegalStateException("nope");
			}
		};

		assertThat(Rendering.render(bomb, 200)).startsWith("<rendering ")
			.endsWith(" failed: java.lang.IllegalStateException: nope>");
	}

	@Test
	void cutsLongRenderingsAndSaysHowMuchWasCut() {
		assertThat(Rendering.render("x".repeat(20), 20)).isEqualTo("x".repeat(20));
		assertThat(Rendering.render("x".repeat(21), 20)).isEqualTo("x".repeat(20) + "...(1 more chars)");
	}

}
