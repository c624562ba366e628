package dev.clauderesilience.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelSource2;
import org.apache.maven.model.resolution.ModelResolver;
import org.apache.maven.model.resolution.UnresolvableModelException;
import org.junit.jupiter.api.Test;

import dev.clauderesilience.docs.Reactor.Module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The BOM users import into Boot 3.5 and Boot 4 applications: it manages our artifacts, every
 * published one, and nothing else, so that it never pins an application's other versions.
 */
class BomTests {

	private static final String BOM = "claude-resilience-bom";

	private final Reactor reactor = Reactor.load();

	@Test
	void effectiveBomShouldManageOnlyOurArtifacts() throws ModelBuildingException {
		Model bom = effectiveBom();

		assertThat(bom.getDependencyManagement().getDependencies()).isNotEmpty()
			.allSatisfy((managed) -> assertThat(managed.getGroupId()).as(managed.getManagementKey())
				.isEqualTo(Reactor.GROUP_ID));
	}

	@Test
	void bomShouldManageEveryPublishedArtifactAtTheReactorsVersion() throws ModelBuildingException {
		Model bom = effectiveBom();

		List<String> published = new ArrayList<>();
		for (Module module : this.reactor.publishedJars()) {
			published.add(module.artifactId());
			module.attachedClassifiers().forEach((classifier) -> published.add(module.artifactId() + ":" + classifier));
		}
		assertThat(bom.getDependencyManagement().getDependencies()).extracting(BomTests::artifact)
			.containsExactlyInAnyOrderElementsOf(published);
		assertThat(bom.getDependencyManagement().getDependencies()).extracting(Dependency::getVersion)
			.containsOnly(this.reactor.version());
	}

	@Test
	void bomShouldBeAPublishedModuleOfTheReactorAtItsVersion() throws ModelBuildingException {
		assertThat(this.reactor.module(BOM)).hasValueSatisfying((module) -> {
			assertThat(module.packaging()).isEqualTo("pom");
			assertThat(module.published()).isTrue();
		});
		assertThat(effectiveBom().getVersion()).isEqualTo(this.reactor.version());
	}

	@Test
	void aPomUnderSpringBootsParentShouldBeRefused() {
		assertThatExceptionOfType(ModelBuildingException.class)
			.isThrownBy(() -> effectiveModel(Reactor.ROOT.resolve("pom.xml")))
			.withMessageContaining("spring-boot-starter-parent");
	}

	private static String artifact(Dependency dependency) {
		return dependency.getArtifactId() + ((dependency.getClassifier() != null) ? ":" + dependency.getClassifier() : "");
	}

	private Model effectiveBom() throws ModelBuildingException {
		Module module = this.reactor.module(BOM).orElseThrow(() -> new AssertionError("no module " + BOM));
		Model bom = effectiveModel(Reactor.ROOT.resolve(module.directory()).resolve("pom.xml"));
		assertThat(bom.getDependencyManagement()).as("the BOM's dependency management").isNotNull();
		return bom;
	}

	// Maven's own model building; a parent or import outside this reactor (Spring Boot's, say) is
	// refused, since what it manages would be managed by the BOM too
	private static Model effectiveModel(Path pom) throws ModelBuildingException {
		DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
		request.setPomFile(pom.toFile());
		request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
		request.setProcessPlugins(false);
		request.setSystemProperties(System.getProperties());
		request.setModelResolver(new OnlyThisReactor());
		return new DefaultModelBuilderFactory().newInstance().build(request).getEffectiveModel();
	}

	private static final class OnlyThisReactor implements ModelResolver {

		@Override
		public ModelSource2 resolveModel(String groupId, String artifactId, String version)
				throws UnresolvableModelException {
			throw new UnresolvableModelException("the BOM must not inherit or import from outside this reactor, "
					+ "or it would manage that POM's dependencies too", groupId, artifactId, version);
		}

		@Override
		public ModelSource2 resolveModel(Parent parent) throws UnresolvableModelException {
			return resolveModel(parent.getGroupId(), parent.getArtifactId(), parent.getVersion());
		}

		@Override
		public ModelSource2 resolveModel(Dependency dependency) throws UnresolvableModelException {
			return resolveModel(dependency.getGroupId(), dependency.getArtifactId(), dependency.getVersion());
		}

		@Override
		public void addRepository(Repository repository) {
		}

		@Override
		public void addRepository(Repository repository, boolean replace) {
		}

		@Override
		public ModelResolver newCopy() {
			return this;
		}

	}

}
