package dev.clauderesilience.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both lines document the same properties: names, types, defaults and descriptions of this
 * module's generated metadata are the Spring Boot 3.5 module's.
 */
class ConfigurationMetadataParityTests {

	// Spring Boot 3.5 still generates the deprecated switch of every endpoint; 4 has only its access
	private static final String BOOT3_ONLY = "management.endpoint.claude.enabled";

	@Test
	void propertiesShouldMatchTheSpringBoot3Lines() throws IOException {
		String boot3 = System.getProperty("boot3.metadata");
		assertThat(boot3).as("system property boot3.metadata (set by the pom)").isNotNull();
		assertThat(Path.of(boot3)).as("the Spring Boot 3.5 module's generated metadata: build it first").exists();
		JsonNode theirs = new ObjectMapper().readTree(Files.readAllBytes(Path.of(boot3)));
		JsonNode ours;
		try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata on the classpath").isNotNull();
			ours = new ObjectMapper().readTree(in);
		}

		Map<String, String> expected = properties(theirs);
		assertThat(expected).isNotEmpty().containsKey(BOOT3_ONLY);
		expected.remove(BOOT3_ONLY);
		assertThat(properties(ours)).containsExactlyEntriesOf(expected);
	}

	// name -> type, default and description
	private static Map<String, String> properties(JsonNode metadata) {
		Map<String, String> properties = new TreeMap<>();
		for (JsonNode property : metadata.get("properties")) {
			properties.put(property.get("name").asText(), property.path("type").asText() + " | "
					+ property.path("defaultValue") + " | " + property.path("description").asText());
		}
		return properties;
	}

}
