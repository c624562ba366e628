package dev.clauderesilience.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test class path holds one Spring Boot line only: its Spring Boot, Spring Framework and
 * Resilience4j integration, none of the other line's.
 */
class SpringBootLineTests {

	@Test
	void springBootShouldBeThisLines() {
		assertThat(SpringBootVersion.getVersion()).startsWith(SpringBootLine.SPRING_BOOT_MAJOR + ".");
	}

	@Test
	void springFrameworkShouldBeThisLines() {
		assertThat(SpringVersion.getVersion()).startsWith(SpringBootLine.SPRING_FRAMEWORK_MAJOR + ".");
	}

	@Test
	void thisLinesClassesShouldBePresent() {
		assertThat(SpringBootLine.OWN_CLASSES).allSatisfy((name) -> assertThat(isPresent(name)).as(name).isTrue());
	}

	@Test
	void noClassOfTheOtherLineShouldBePresent() {
		assertThat(SpringBootLine.OTHER_LINE_CLASSES)
			.allSatisfy((name) -> assertThat(isPresent(name)).as(name).isFalse());
	}

	private static boolean isPresent(String name) {
		return ClassUtils.isPresent(name, SpringBootLineTests.class.getClassLoader());
	}

}
