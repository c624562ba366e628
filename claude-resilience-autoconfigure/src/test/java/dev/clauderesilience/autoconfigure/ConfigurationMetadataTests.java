package dev.clauderesilience.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar ships configuration metadata, so that IDEs complete and explain every property.
 */
class ConfigurationMetadataTests {

	@Test
	void everyClaudePropertyShouldHaveADescriptionAndTheKeyOnesADefault() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata on the classpath").isNotNull();
			metadata = new ObjectMapper().readTree(in);
		}
		List<String> names = new ArrayList<>();
		List<String> undocumented = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asText();
			names.add(name);
			if (name.startsWith("claude.") && property.path("description").asText("").isBlank()) {
				undocumented.add(name);
			}
		}

		assertThat(undocumented).isEmpty();
		assertThat(names).contains("claude.api-key", "claude.base-url", "claude.api-version", "claude.limits.max-wait",
				"claude.cache.ttl", "claude.fallback-models", "management.health.claude.enabled");
		assertThat(defaultOf(metadata, "claude.api-version")).isEqualTo("2026-10-21");
		assertThat(defaultOf(metadata, "claude.limits.max-wait")).isEqualTo("30s");
		assertThat(defaultOf(metadata, "claude.deadline")).isEqualTo("2m");
	}

	private static String defaultOf(JsonNode metadata, String name) {
		for (JsonNode property : metadata.get("properties")) {
			if (property.get("name").asText().equals(name)) {
				return property.path("defaultValue").asText(null);
			}
		}
		return null;
	}

}
