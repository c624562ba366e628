package dev.clauderesilience.docs;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;

/**
 * One dependency of a README block, in Gradle's terms so that a Maven block and its Gradle twin
 * compare: a BOM import is the configuration {@value #PLATFORM}, a Maven scope its Gradle
 * configuration.
 *
 * @param configuration {@value #PLATFORM}, {@code implementation}, {@code testImplementation}, ...
 * @param groupId the group
 * @param artifactId the artifact
 * @param classifier the classifier, or {@code null}
 * @param version the version, or {@code null} when a BOM manages it
 */
record DeclaredDependency(String configuration, String groupId, String artifactId, String classifier,
		String version) {

	static final String PLATFORM = "platform";

	private static final Map<String, String> CONFIGURATION_OF_SCOPE = Map.of("compile", "implementation", "test",
			"testImplementation", "runtime", "runtimeOnly", "provided", "compileOnly");

	private static final Pattern GRADLE_PLATFORM = Pattern
		.compile("implementation\\s*\\(?\\s*platform\\s*\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*\\)?");

	private static final Pattern GRADLE_DEPENDENCY = Pattern.compile("(\\w+)\\s*\\(?\\s*['\"]([^'\"]+)['\"]\\s*\\)?");

	String coordinates() {
		return this.groupId + ":" + this.artifactId + ((this.classifier != null) ? ":" + this.classifier : "");
	}

	boolean ours() {
		return Reactor.GROUP_ID.equals(this.groupId);
	}

	boolean platform() {
		return PLATFORM.equals(this.configuration);
	}

	@Override
	public String toString() {
		return this.configuration + " " + coordinates() + ((this.version != null) ? " " + this.version : "");
	}

	/**
	 * The dependencies of a Maven block: {@code <dependencyManagement>} and
	 * {@code <dependencies>} as they stand in a POM, read as strictly as Maven reads a POM.
	 * @throws AssertionError naming the snippet when it is not valid POM content
	 */
	static List<DeclaredDependency> ofMaven(Snippet snippet) {
		Model model;
		try {
			model = new MavenXpp3Reader()
				.read(new StringReader("<project><modelVersion>4.0.0</modelVersion>" + snippet.text() + "</project>"), true);
		}
		catch (Exception ex) {
			throw new AssertionError(snippet.where() + ": not valid POM content: " + ex.getMessage(), ex);
		}
		List<String> problems = new ArrayList<>();
		List<DeclaredDependency> declared = new ArrayList<>();
		if (model.getDependencyManagement() != null) {
			for (Dependency managed : model.getDependencyManagement().getDependencies()) {
				if (!"pom".equals(managed.getType()) || !"import".equals(managed.getScope())) {
					problems.add(managed.getManagementKey() + " in <dependencyManagement> is not a BOM imported "
							+ "with <type>pom</type> and <scope>import</scope>");
				}
				declared.add(new DeclaredDependency(PLATFORM, managed.getGroupId(), managed.getArtifactId(),
						managed.getClassifier(), managed.getVersion()));
			}
		}
		for (Dependency dependency : model.getDependencies()) {
			if (!"jar".equals(dependency.getType())) {
				problems.add(dependency.getManagementKey() + " is typed " + dependency.getType()
						+ ": only a BOM import is typed pom, and our artifacts are jars");
			}
			String scope = Objects.requireNonNullElse(dependency.getScope(), "compile");
			declared.add(new DeclaredDependency(CONFIGURATION_OF_SCOPE.getOrDefault(scope, scope),
					dependency.getGroupId(), dependency.getArtifactId(), dependency.getClassifier(),
					dependency.getVersion()));
		}
		if (!problems.isEmpty()) {
			throw new AssertionError(snippet.where() + ": " + String.join("; ", problems));
		}
		return declared;
	}

	/**
	 * The dependencies of a Gradle block ({@code dependencies { ... }} with string notation).
	 * @throws AssertionError naming the README line of a line it cannot read
	 */
	static List<DeclaredDependency> ofGradle(Snippet snippet) {
		List<DeclaredDependency> declared = new ArrayList<>();
		List<String> lines = snippet.text().lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith("//") || line.equals("dependencies {") || line.equals("}")) {
				continue;
			}
			Matcher platform = GRADLE_PLATFORM.matcher(line);
			Matcher dependency = GRADLE_DEPENDENCY.matcher(line);
			if (platform.matches()) {
				declared.add(ofNotation(PLATFORM, platform.group(1)));
			}
			else if (dependency.matches()) {
				declared.add(ofNotation(dependency.group(1), dependency.group(2)));
			}
			else {
				throw new AssertionError("README.md line " + snippet.readmeLine(i + 1)
						+ ": not a Gradle dependency in string notation: " + line);
			}
		}
		return declared;
	}

	// group:artifact[:version[:classifier]]
	private static DeclaredDependency ofNotation(String configuration, String notation) {
		String[] parts = notation.split(":");
		return new DeclaredDependency(configuration, parts[0], parts[1], (parts.length > 3) ? parts[3] : null,
				(parts.length > 2 && !parts[2].isEmpty()) ? parts[2] : null);
	}

}
