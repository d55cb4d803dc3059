package io.github.phasedmigration.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InstanceIds}.
 */
class InstanceIdsTest {

	@Test
	void generateNamesTheProcessAndDiffersAtEachCall() {
		String first = InstanceIds.generate();
		String second = InstanceIds.generate();
		assertThat(first).isNotEqualTo(second).hasSizeLessThanOrEqualTo(InstanceIds.MAX_LENGTH)
			.contains(":" + ProcessHandle.current().pid() + ":");
	}

}
