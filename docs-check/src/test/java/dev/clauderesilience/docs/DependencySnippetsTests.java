package dev.clauderesilience.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.clauderesilience.docs.Reactor.Module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The coordinates README.md tells users to add: artifacts this reactor publishes, with the right
 * packaging, scope and version, the same in Maven and Gradle.
 */
class DependencySnippetsTests {

	/** The test kit: README.md adds it in test scope, and it belongs nowhere else. */
	private static final String TEST_KIT = "claude-resilience-test";

	private static final String STARTER = "claude-resilience-starter";

	private static final String SPRING_BOOT4_STARTER = "claude-resilience-spring-boot4-starter";

	private static final String SPRING_AI = "claude-resilience-spring-ai";

	private static final String SPRING_BOOT4_SPRING_AI = "claude-resilience-spring-boot4-spring-ai";

	private final Readme readme = Readme.project();

	private final Reactor reactor = Reactor.load();

	@Test
	void mavenBlockShouldImportTheBomAndAddPublishedJarsOfThisReactor() {
		Snippet snippet = this.readme.only(SnippetKind.MAVEN_DEPENDENCIES);
		List<DeclaredDependency> declared = DeclaredDependency.ofMaven(snippet);

		assertThat(problems(declared, false)).as(snippet.where()).isEmpty();
		assertThat(declared).as(snippet.where()).filteredOn(DeclaredDependency::platform).hasSize(1);
		assertThat(declared).as(snippet.where())
			.extracting(DeclaredDependency::artifactId)
			.contains(STARTER)
			.doesNotContain(SPRING_BOOT4_STARTER);
	}

	@Test
	void gradleBlockShouldDeclareWhatTheMavenBlockDoes() {
		assertSameInGradle(SnippetKind.MAVEN_DEPENDENCIES, SnippetKind.GRADLE_DEPENDENCIES);
	}

	// static checks only: docs-check's fresh applications are Spring Boot 3.5 ones
	@Test
	void springBoot4MavenBlockShouldImportTheBomAndAddTheSpringBoot4LinesJars() {
		Snippet snippet = this.readme.only(SnippetKind.SPRING_BOOT4_MAVEN_DEPENDENCIES);
		List<DeclaredDependency> declared = DeclaredDependency.ofMaven(snippet);

		assertThat(problems(declared, false)).as(snippet.where()).isEmpty();
		assertThat(declared).as(snippet.where()).filteredOn(DeclaredDependency::platform).hasSize(1);
		assertThat(declared).as(snippet.where())
			.extracting(DeclaredDependency::artifactId)
			.contains(SPRING_BOOT4_STARTER)
			.doesNotContain(STARTER);
	}

	@Test
	void springBoot4GradleBlockShouldDeclareWhatTheSpringBoot4MavenBlockDoes() {
		assertSameInGradle(SnippetKind.SPRING_BOOT4_MAVEN_DEPENDENCIES, SnippetKind.SPRING_BOOT4_GRADLE_DEPENDENCIES);
	}

	// each Spring Boot line's Spring AI module, with the Spring AI it is built against
	@ParameterizedTest
	@CsvSource({ "SPRING_AI_MAVEN_DEPENDENCIES, " + SPRING_AI + ", " + SPRING_BOOT4_SPRING_AI,
			"SPRING_AI2_MAVEN_DEPENDENCIES, " + SPRING_BOOT4_SPRING_AI + ", " + SPRING_AI })
	void springAiMavenBlockShouldAddItsLinesModuleAndTheSpringAiArtifactsThatModuleBuildsAgainst(SnippetKind kind,
			String module, String otherLinesModule) {
		Snippet snippet = this.readme.only(kind);
		List<DeclaredDependency> declared = DeclaredDependency.ofMaven(snippet);

		assertThat(problems(declared, true)).as(snippet.where()).isEmpty();
		assertThat(declared).as(snippet.where())
			.extracting(DeclaredDependency::artifactId)
			.contains(module)
			.doesNotContain(otherLinesModule);
	}

	@ParameterizedTest
	@CsvSource({ "SPRING_AI_MAVEN_DEPENDENCIES, SPRING_AI_GRADLE_DEPENDENCIES",
			"SPRING_AI2_MAVEN_DEPENDENCIES, SPRING_AI2_GRADLE_DEPENDENCIES" })
	void springAiGradleBlockShouldDeclareWhatItsMavenBlockDoes(SnippetKind maven, SnippetKind gradle) {
		assertSameInGradle(maven, gradle);
	}

	@Test
	void aTypedStarterShouldBeRejected() {
		Snippet snippet = new Snippet(SnippetKind.MAVEN_DEPENDENCIES, 1, """
				<dependencies>
					<dependency>
						<groupId>dev.clauderesilience</groupId>
						<artifactId>claude-resilience-starter</artifactId>
						<version>%s</version>
						<type>pom</type>
					</dependency>
				</dependencies>
				""".formatted(this.reactor.version()));

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> DeclaredDependency.ofMaven(snippet))
			.withMessageContaining("README.md line 1")
			.withMessageContaining("typed pom");
	}

	@Test
	void anUnpublishedModuleAndAStaleVersionShouldBeRejected() {
		List<DeclaredDependency> declared = List.of(
				new DeclaredDependency("implementation", Reactor.GROUP_ID, "sample-app", null, null),
				new DeclaredDependency("implementation", Reactor.GROUP_ID, "claude-resilience-starter", null, "0.0.1"));

		assertThat(problems(declared, false)).hasSize(2)
			.anySatisfy((problem) -> assertThat(problem).contains("sample-app").contains("not published"))
			.anySatisfy((problem) -> assertThat(problem).contains("0.0.1").contains(this.reactor.version()));
	}

	private void assertSameInGradle(SnippetKind mavenKind, SnippetKind gradleKind) {
		Snippet maven = this.readme.only(mavenKind);
		Snippet gradle = this.readme.only(gradleKind);

		assertThat(DeclaredDependency.ofGradle(gradle)).as("%s should declare what %s does", gradle.where(),
				maven.where())
			.containsExactlyInAnyOrderElementsOf(DeclaredDependency.ofMaven(maven));
	}

	// what is wrong with each declared dependency; foreign ones allowed only where the block is about them
	private List<String> problems(List<DeclaredDependency> declared, boolean foreignAllowed) {
		List<String> problems = new ArrayList<>();
		boolean foreignPlatform = declared.stream().anyMatch((dependency) -> dependency.platform() && !dependency.ours());
		List<String> ours = declared.stream()
			.filter(DeclaredDependency::ours)
			.map(DeclaredDependency::artifactId)
			.toList();
		for (DeclaredDependency dependency : declared) {
			String problem = dependency.ours() ? problemOfOurs(dependency)
					: foreignAllowed ? problemOfForeign(dependency, foreignPlatform, ours)
							: "not an artifact of this reactor";
			if (problem != null) {
				problems.add(dependency + ": " + problem);
			}
		}
		return problems;
	}

	private String problemOfOurs(DeclaredDependency dependency) {
		Optional<Module> module = this.reactor.module(dependency.artifactId());
		if (module.isEmpty()) {
			return "no module of this reactor";
		}
		if (dependency.version() != null && !dependency.version().equals(this.reactor.version())) {
			return "version " + dependency.version() + ", but the project's is " + this.reactor.version();
		}
		if (dependency.platform()) {
			return module.get().packaging().equals("pom") && module.get().published() && dependency.version() != null
					? null : "not a published BOM of this reactor at its version";
		}
		if (!module.get().published() || !module.get().packaging().equals("jar")) {
			return "not published as a jar by this reactor";
		}
		if (dependency.classifier() != null && !module.get().attachedClassifiers().contains(dependency.classifier())) {
			return "the module attaches no jar classified " + dependency.classifier();
		}
		boolean testKit = dependency.artifactId().equals(TEST_KIT);
		if (testKit != dependency.configuration().equals("testImplementation")) {
			return testKit ? "the test kit belongs in test scope" : "only the test kit belongs in test scope";
		}
		return null;
	}

	// a foreign BOM at the version the block's own modules import it
	private String problemOfForeign(DeclaredDependency dependency, boolean foreignPlatform, List<String> ours) {
		if (dependency.platform()) {
			List<String> versions = this.reactor.importedVersionsOf(dependency.groupId(), dependency.artifactId(),
					ours);
			return versions.equals(List.of(Objects.requireNonNullElse(dependency.version(), "")))
					? null : ours + " import it at " + versions;
		}
		if (!this.reactor.buildsAgainst(dependency.groupId(), dependency.artifactId())) {
			return "no module of this reactor is built against it";
		}
		return (dependency.version() == null && foreignPlatform) ? null : "its version belongs to the imported BOM";
	}

}
