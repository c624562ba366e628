package dev.clauderesilience.springai;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test class path holds one Spring AI line only, with its Spring Boot: none of the other
 * line's Spring AI.
 */
class SpringAiLineTests {

	@Test
	void springBootShouldBeThisLines() {
		assertThat(SpringBootVersion.getVersion()).startsWith(SpringAiLine.SPRING_BOOT_MAJOR + ".");
	}

	@Test
	void thisLinesClassesShouldBePresent() {
		assertThat(SpringAiLine.OWN_CLASSES).allSatisfy((name) -> assertThat(isPresent(name)).as(name).isTrue());
	}

	@Test
	void noClassOfTheOtherLineShouldBePresent() {
		assertThat(SpringAiLine.OTHER_LINE_CLASSES)
			.allSatisfy((name) -> assertThat(isPresent(name)).as(name).isFalse());
	}

	private static boolean isPresent(String name) {
		return ClassUtils.isPresent(name, SpringAiLineTests.class.getClassLoader());
	}

}
