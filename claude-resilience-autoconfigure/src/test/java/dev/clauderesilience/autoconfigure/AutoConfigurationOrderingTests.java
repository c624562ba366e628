package dev.clauderesilience.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class names written as strings fail silently when they go stale (the ordering just stops
 * applying, a post-processor is never called), and each Spring Boot line names other classes:
 * every one must exist on this line.
 */
class AutoConfigurationOrderingTests {

	private static final ClassLoader CLASS_LOADER = AutoConfigurationOrderingTests.class.getClassLoader();

	@ParameterizedTest
	@ValueSource(classes = { ClaudeAutoConfiguration.class, ClaudeObservabilityAutoConfiguration.class })
	void everyAutoConfigurationOrderedAgainstByNameShouldExist(Class<?> autoConfiguration) {
		AutoConfiguration ordering = autoConfiguration.getAnnotation(AutoConfiguration.class);
		List<String> names = Stream.of(ordering.afterName(), ordering.beforeName()).flatMap(Stream::of).toList();

		assertThat(names).isNotEmpty().allSatisfy((name) -> assertThat(isPresent(name)).as(name).isTrue());
	}

	@Test
	void everySpringFactoriesKeyAndEntryShouldExist() throws IOException {
		Properties factories = PropertiesLoaderUtils
			.loadProperties(new ClassPathResource("META-INF/spring.factories", CLASS_LOADER));
		List<String> missing = new ArrayList<>();
		for (String key : factories.stringPropertyNames()) {
			Stream.concat(Stream.of(key),
					Stream.of(StringUtils.commaDelimitedListToStringArray(factories.getProperty(key))).map(String::trim))
				.filter((name) -> !isPresent(name))
				.forEach(missing::add);
		}

		assertThat(factories).isNotEmpty();
		assertThat(missing).isEmpty();
	}

	private static boolean isPresent(String name) {
		return ClassUtils.isPresent(name, CLASS_LOADER);
	}

}
