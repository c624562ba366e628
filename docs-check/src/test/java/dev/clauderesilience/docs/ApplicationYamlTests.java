package dev.clauderesilience.docs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * README.md's {@code application-yaml} beyond "the application starts with it" (which every
 * application check proves): Spring Boot ignores a key it does not know, so a misspelt one would
 * pass unseen.
 */
class ApplicationYamlTests {

	private final Snippet yaml = Readme.project().only(SnippetKind.APPLICATION_YAML);

	@Test
	void everyKeyShouldBeAPropertyTheApplicationKnows() throws IOException {
		Map<String, String> known = knownProperties();

		assertThat(ReadmeApplication.yamlKeys(this.yaml)).as(this.yaml.where())
			.isNotEmpty()
			.allSatisfy((key) -> assertThat(isKnown(key, known)).as("%s: %s is a known property", this.yaml.where(), key)
				.isTrue());
	}

	@Test
	void readinessGroupNamingAContributorThatDoesNotExistShouldFailTheCheck() {
		String withoutProbes = this.yaml.text().replace("probes.enabled: true", "probes.enabled: false");
		assertThat(withoutProbes).as("the README's YAML enables the probes").isNotEqualTo(this.yaml.text());
		Snippet broken = new Snippet(SnippetKind.APPLICATION_YAML, this.yaml.markerLine(), withoutProbes);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ReadmeApplication.start(ReadmeApplication.compileWith(broken), WebStack.WEBFLUX).close())
			.withMessageContaining(this.yaml.where())
			.withMessageContaining("readinessState");
	}

	// a listed property, or a key below a Map-typed one (claude.limits.models.<model>.*, health groups)
	private static boolean isKnown(String key, Map<String, String> known) {
		if (known.containsKey(key)) {
			return true;
		}
		return known.entrySet()
			.stream()
			.anyMatch((property) -> property.getValue().startsWith("java.util.Map")
					&& key.startsWith(property.getKey() + "."));
	}

	// name to type, from the configuration metadata of everything on the classpath
	private static Map<String, String> knownProperties() throws IOException {
		ObjectMapper json = new ObjectMapper();
		Map<String, String> known = new TreeMap<>();
		for (URL metadata : Collections.list(ApplicationYamlTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = metadata.openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					known.put(property.path("name").asText(), property.path("type").asText());
				}
			}
		}
		return known;
	}

}
