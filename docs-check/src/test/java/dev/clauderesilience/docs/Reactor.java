package dev.clauderesilience.docs;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;

/**
 * This project's Maven reactor as its POM files declare it: the version, and per module its
 * artifact, packaging, whether it is published and what it declares.
 */
final class Reactor {

	static final String GROUP_ID = "dev.clauderesilience";

	/** The project's root, seen from this module's directory (Surefire's working directory). */
	static final Path ROOT = Path.of("..");

	private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

	private final Model root;

	private final List<Module> modules;

	private Reactor(Model root, List<Module> modules) {
		this.root = root;
		this.modules = List.copyOf(modules);
	}

	static Reactor load() {
		Model root = read(ROOT.resolve("pom.xml"));
		List<Module> modules = root.getModules()
			.stream()
			.map((directory) -> new Module(directory, read(ROOT.resolve(directory).resolve("pom.xml"))))
			.toList();
		return new Reactor(root, modules);
	}

	static Model read(Path pom) {
		try (Reader reader = Files.newBufferedReader(pom)) {
			return new MavenXpp3Reader().read(reader, true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (XmlPullParserException ex) {
			throw new IllegalStateException(pom + ": " + ex.getMessage(), ex);
		}
	}

	String version() {
		return this.root.getVersion();
	}

	List<Module> modules() {
		return this.modules;
	}

	Optional<Module> module(String artifactId) {
		return this.modules.stream().filter((module) -> module.artifactId().equals(artifactId)).findFirst();
	}

	/**
	 * The modules users can depend on: jars whose deployment is not skipped.
	 */
	List<Module> publishedJars() {
		return this.modules.stream().filter((module) -> module.published() && module.packaging().equals("jar")).toList();
	}

	/**
	 * Whether a module of this reactor declares a dependency on this artifact, so that it is built
	 * and tested against it.
	 */
	boolean buildsAgainst(String groupId, String artifactId) {
		return this.modules.stream()
			.flatMap((module) -> module.model().getDependencies().stream())
			.anyMatch((dependency) -> dependency.getGroupId().equals(groupId)
					&& dependency.getArtifactId().equals(artifactId));
	}

	/**
	 * The versions at which some published modules import a BOM (interpolated with the module's
	 * properties): a README block's modules, as each Spring Boot line imports its own Spring AI.
	 */
	List<String> importedVersionsOf(String groupId, String artifactId, Collection<String> moduleArtifactIds) {
		return this.modules.stream()
			.filter(Module::published)
			.filter((module) -> moduleArtifactIds.contains(module.artifactId()))
			.flatMap((module) -> module.imports()
				.filter((dependency) -> dependency.getGroupId().equals(groupId)
						&& dependency.getArtifactId().equals(artifactId))
				.map((dependency) -> module.interpolate(dependency.getVersion())))
			.distinct()
			.toList();
	}

	/**
	 * A module of the reactor.
	 *
	 * @param directory its directory below the root
	 * @param model its POM as written (not the effective one)
	 */
	record Module(String directory, Model model) {

		String artifactId() {
			return this.model.getArtifactId();
		}

		String packaging() {
			return Objects.requireNonNullElse(this.model.getPackaging(), "jar");
		}

		boolean published() {
			return !"true".equals(this.model.getProperties().getProperty("maven.deploy.skip"));
		}

		/**
		 * The classifiers of the jars it attaches beside its main one (the shade plugin's).
		 */
		List<String> attachedClassifiers() {
			List<String> classifiers = new ArrayList<>();
			if (this.model.getBuild() == null) {
				return classifiers;
			}
			for (Plugin plugin : this.model.getBuild().getPlugins()) {
				Stream.concat(Stream.of(plugin.getConfiguration()),
						plugin.getExecutions().stream().map((execution) -> execution.getConfiguration()))
					.filter(Xpp3Dom.class::isInstance)
					.map(Xpp3Dom.class::cast)
					.map((configuration) -> configuration.getChild("shadedClassifierName"))
					.filter(Objects::nonNull)
					.forEach((classifier) -> classifiers.add(classifier.getValue()));
			}
			return classifiers;
		}

		Stream<Dependency> imports() {
			if (this.model.getDependencyManagement() == null) {
				return Stream.empty();
			}
			return this.model.getDependencyManagement()
				.getDependencies()
				.stream()
				.filter((dependency) -> "pom".equals(dependency.getType()) && "import".equals(dependency.getScope()));
		}

		String interpolate(String value) {
			Matcher matcher = PROPERTY.matcher(value);
			StringBuilder result = new StringBuilder();
			while (matcher.find()) {
				String property = this.model.getProperties().getProperty(matcher.group(1));
				matcher.appendReplacement(result, Matcher.quoteReplacement((property != null) ? property : matcher.group()));
			}
			return matcher.appendTail(result).toString();
		}

	}

}
