package dev.clauderesilience.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * The application a reader of README.md builds: its main code ({@code java-main} and
 * {@code spring-ai-java-main} snippets, compiled once per test run), its
 * {@code application-yaml}, and the test kit on the classpath with
 * {@code claude.simulator.enabled=true}, the README's way to run locally without a key.
 */
final class ReadmeApplication {

	/**
	 * What every application gets beside the README's configuration, none of it a key the README
	 * sets: the README's local mode; the retries {@code @AutoConfigureClaudeSimulator} gives tests
	 * (milliseconds rather than the production backoff of seconds, so that an outage is told in
	 * moments); a minute's burst at the README's limits, so that a check's handful of calls is
	 * never paced (pacing has tests of its own; at a 2 s burst each first call waits a second); and
	 * no quiet period for Reactor Netty's shutdown (2 s per application otherwise).
	 */
	static final List<String> ADDED_PROPERTIES = List.of("claude.simulator.enabled=true",
			"resilience4j.retry.instances.claude.max-attempts=3", "resilience4j.retry.instances.claude.wait-duration=10ms",
			"resilience4j.retry.instances.claude.exponential-max-wait-duration=50ms", "claude.limits.burst=60s",
			"spring.reactor.netty.shutdown-quiet-period=0s");

	private static final Path DIRECTORY = Path.of("target", "readme-snippets");

	private static CompiledSnippets main;

	private ReadmeApplication() {
	}

	/**
	 * The README's main code, compiled on first use.
	 */
	static synchronized CompiledSnippets main() {
		if (main == null) {
			Readme readme = Readme.project();
			main = compile(readme, "main", mainSnippets(readme));
		}
		return main;
	}

	/**
	 * The README's main code and test code, compiled together as in one project.
	 */
	static CompiledSnippets withTests() {
		Readme readme = Readme.project();
		List<Snippet> snippets = new ArrayList<>(mainSnippets(readme));
		snippets.addAll(readme.snippets(SnippetKind.JAVA_TEST));
		return compile(readme, "test", snippets);
	}

	/**
	 * The README's main code with another YAML, compiled apart.
	 */
	static CompiledSnippets compileWith(Snippet applicationYaml) {
		Readme readme = Readme.project();
		return CompiledSnippets.compile(DIRECTORY.resolve("other-yaml"), mainSnippets(readme), applicationYaml);
	}

	/**
	 * Starts the README's application with its YAML on a web stack.
	 * @param stack WebFlux or Spring MVC
	 * @param properties further properties
	 * @throws AssertionError naming the README's snippets when it does not start
	 */
	static RunningApplication start(WebStack stack, String... properties) {
		return start(main(), stack, properties);
	}

	static RunningApplication start(CompiledSnippets snippets, WebStack stack, String... properties) {
		ClassLoader classLoader = snippets.classLoader(stack.classpath());
		List<Class<?>> sources = new ArrayList<>();
		for (String name : snippets.classNames()) {
			Class<?> type = ClassUtils.resolveClassName(name, classLoader);
			if (name.equals(snippets.applicationClassName())
					|| MergedAnnotations.from(type).isPresent(Component.class)) {
				sources.add(type);
			}
		}
		List<String> arguments = new ArrayList<>(ADDED_PROPERTIES);
		arguments.addAll(List.of(properties));
		assertNoneOverridesTheReadme(arguments);
		try {
			return RunningApplication.start(classLoader, stack, sources, arguments);
		}
		catch (RuntimeException ex) {
			throw new AssertionError(snippets.where() + " on " + stack + ": the application does not start: "
					+ NestedExceptionUtils.getMostSpecificCause(ex), ex);
		}
	}

	/**
	 * The keys a YAML snippet sets, flattened as Spring Boot reads them ({@code a.b[0]} as
	 * {@code a.b}).
	 */
	static List<String> yamlKeys(Snippet yaml) {
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

	// the README's YAML is the application's configuration as pasted: the checks add, never replace
	private static void assertNoneOverridesTheReadme(List<String> properties) {
		Snippet yaml = Readme.project().only(SnippetKind.APPLICATION_YAML);
		List<String> keys = yamlKeys(yaml);
		for (String property : properties) {
			String key = property.substring(0, property.indexOf('='));
			if (keys.contains(key)) {
				throw new IllegalStateException(yaml.where() + " sets " + key + ", which docs-check would replace");
			}
		}
	}

	private static List<Snippet> mainSnippets(Readme readme) {
		List<Snippet> snippets = new ArrayList<>(readme.snippets(SnippetKind.JAVA_MAIN));
		snippets.addAll(readme.snippets(SnippetKind.SPRING_AI_JAVA_MAIN));
		return snippets;
	}

	private static CompiledSnippets compile(Readme readme, String name, List<Snippet> snippets) {
		CompiledSnippets compiled = CompiledSnippets.compile(DIRECTORY.resolve(name), snippets,
				readme.only(SnippetKind.APPLICATION_YAML));
		// the generated @SpringBootApplication scans its package: only the snippets may be there
		String packagePath = compiled.packageName().replace('.', '/');
		if (ReadmeApplication.class.getClassLoader().getResource(packagePath) != null) {
			throw new IllegalStateException("The snippets' package " + compiled.packageName()
					+ " must not exist on this module's classpath");
		}
		return compiled;
	}

}
