package io.github.phasedmigration.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	@Test
	void checkTakesAnIdOfOneToAHundredCharactersThatIsNotBlank() {
		assertThat(InstanceIds.check("orders-7")).isEqualTo("orders-7");
		assertThat(InstanceIds.check("x".repeat(InstanceIds.MAX_LENGTH))).hasSize(InstanceIds.MAX_LENGTH);
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> InstanceIds.check(" "))
			.withMessage("instance-id must be 1 to 100 characters and not blank, was ' '");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> InstanceIds.check("x".repeat(InstanceIds.MAX_LENGTH + 1)))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("instance-id"));
	}

}
