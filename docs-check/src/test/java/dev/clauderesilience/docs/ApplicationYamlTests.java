package dev.clauderesilience.docs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

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

		assertThat(keys(this.yaml)).as(this.yaml.where())
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

	/**
	 * The keys a YAML snippet sets, flattened as Spring Boot reads them ({@code a.b[0]} as
	 * {@code a.b}).
	 */
	static List<String> keys(Snippet yaml) {
		List<String> keys = new ArrayList<>();
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("README.md",
					new ByteArrayResource(yaml.text().getBytes(StandardCharsets.UTF_8)))) {
				for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
					keys.add(name.replaceAll("\\[\\d+]", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new AssertionError(yaml.where() + ": not YAML Spring Boot reads: " + ex.getMessage(), ex);
		}
		return keys;
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
